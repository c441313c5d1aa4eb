package dev.veojobs.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A URL signer from a local key file ({@code {"client_email":"…","private_key":"-----BEGIN PRIVATE
 * KEY-----…"}}), for local runs against the storage emulator. Production never has a key file:
 * it signs through IAM signBlob instead.
 */
public final class LocalKeySigner {
  private LocalKeySigner() {}

  public static ServiceAccountSigner fromFile(Path keyFile) {
    JsonNode key;
    try {
      key = new ObjectMapper().readTree(Files.readAllBytes(keyFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the URL signer key file " + keyFile, e);
    }
    String email = text(key, "client_email", keyFile);
    String privateKey = text(key, "private_key", keyFile);
    try {
      return ServiceAccountCredentials.fromPkcs8(null, email, privateKey, null, List.of());
    } catch (IOException e) {
      throw new IllegalArgumentException("private_key in " + keyFile + " is not a PKCS#8 PEM key", e);
    }
  }

  private static String text(JsonNode key, String field, Path file) {
    JsonNode n = key == null ? null : key.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(file + " has no " + field);
    }
    return n.asText();
  }
}
