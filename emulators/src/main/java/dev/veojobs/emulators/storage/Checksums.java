package dev.veojobs.emulators.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/** MD5 and CRC32C in production's encoding: base64 of the digest, CRC32C as 4 big-endian bytes. */
final class Checksums {
  private Checksums() {}

  static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships MD5", e);
    }
  }

  static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static String md5Hex(byte[] data) {
    byte[] digest = Base64.getDecoder().decode(md5(data));
    StringBuilder hex = new StringBuilder();
    for (byte b : digest) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  /**
   * Rejects an upload whose declared checksums disagree with its bytes, with production's
   * 400 messages. A null declaration means the client sent none.
   */
  static void verifyDeclared(byte[] data, String declaredMd5, String declaredCrc32c) {
    if (declaredCrc32c != null) {
      String actual = crc32c(data);
      if (!actual.equals(declaredCrc32c)) {
        throw StorageError.invalid("Provided CRC32C \"" + declaredCrc32c
            + "\" doesn't match calculated CRC32C \"" + actual + "\".");
      }
    }
    if (declaredMd5 != null) {
      String actual = md5(data);
      if (!actual.equals(declaredMd5)) {
        throw StorageError.invalid("Provided MD5 hash \"" + declaredMd5
            + "\" doesn't match calculated MD5 hash \"" + actual + "\".");
      }
    }
  }

  /** Parses an {@code X-Goog-Hash: crc32c=…,md5=…} header (possibly repeated) into its parts. */
  static DeclaredHashes fromGoogHash(Iterable<String> headerValues) {
    String md5 = null;
    String crc32c = null;
    if (headerValues != null) {
      for (String value : headerValues) {
        for (String part : value.split(",")) {
          int eq = part.indexOf('=');
          if (eq < 0) {
            continue;
          }
          String kind = part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
          String hash = part.substring(eq + 1).trim();
          if (kind.equals("md5")) {
            md5 = hash;
          } else if (kind.equals("crc32c")) {
            crc32c = hash;
          }
        }
      }
    }
    return new DeclaredHashes(md5, crc32c);
  }

  record DeclaredHashes(String md5, String crc32c) {
    static final DeclaredHashes NONE = new DeclaredHashes(null, null);

    /** The one the caller declared wins over the other when both name a hash. */
    DeclaredHashes orElse(DeclaredHashes other) {
      return new DeclaredHashes(md5 != null ? md5 : other.md5, crc32c != null ? crc32c : other.crc32c);
    }
  }
}
