package dev.veojobs.emulators.storage;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import com.google.common.primitives.Ints;

/**
 * Checksums as the official client computes them (Guava), an oracle independent of the
 * emulator's own code: base64 MD5, and CRC32C as four big-endian bytes in base64.
 */
final class ExpectedChecksums {
  private ExpectedChecksums() {}

  @SuppressWarnings("deprecation") // MD5 is what GCS reports, not a security choice
  static String md5(byte[] data) {
    return BaseEncoding.base64().encode(Hashing.md5().hashBytes(data).asBytes());
  }

  static String crc32c(byte[] data) {
    return BaseEncoding.base64().encode(Ints.toByteArray(Hashing.crc32c().hashBytes(data).asInt()));
  }
}
