package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway service-account key for signing V4 URLs locally, written in the JSON key-file format
 * the functions read from {@code URL_SIGNER_LOCAL_KEY_FILE}. Production never has a key file: it
 * signs through IAM signBlob. The Storage emulator trusts the public half.
 */
final class UrlSignerKey implements AutoCloseable {
  private final String clientEmail;
  private final PublicKey publicKey;
  private final Path directory;
  private final Path file;

  private UrlSignerKey(String clientEmail, PublicKey publicKey, Path directory, Path file) {
    this.clientEmail = clientEmail;
    this.publicKey = publicKey;
    this.directory = directory;
    this.file = file;
  }

  static UrlSignerKey generate(String projectId, String clientEmail) {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no RSA", e);
    }
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("type", "service_account");
    json.put("project_id", projectId);
    json.put("private_key_id", HexFormat.of().formatHex(randomBytes(20)));
    json.put("private_key", pem(pair.getPrivate().getEncoded()));
    json.put("client_email", clientEmail);
    json.put("client_id", Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, Long.MAX_VALUE)));
    json.put("token_uri", "https://oauth2.googleapis.com/token");
    try {
      Path directory = Files.createTempDirectory("veo-jobs-stack-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = directory.resolve("url-signer-key.json");
      Files.writeString(file, json.toPrettyString());
      return new UrlSignerKey(clientEmail, pair.getPublic(), directory, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local URL signer key", e);
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException("the temporary directory does not support POSIX permissions", e);
    }
  }

  String clientEmail() {
    return clientEmail;
  }

  PublicKey publicKey() {
    return publicKey;
  }

  Path file() {
    return file;
  }

  private static String pem(byte[] pkcs8) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8);
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A leftover throwaway key in the temp directory is harmless.
    }
  }
}
