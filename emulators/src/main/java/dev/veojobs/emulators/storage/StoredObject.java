package dev.veojobs.emulators.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * One live object generation as the emulator holds it. {@code md5} and {@code crc32c} are the
 * base64 strings production puts in {@code md5Hash} and {@code crc32c} (the CRC32C as four
 * big-endian bytes). {@code metadata} is the user's custom metadata, never null.
 */
public record StoredObject(
    String bucket,
    String name,
    byte[] data,
    String contentType,
    long generation,
    long metageneration,
    Map<String, String> metadata,
    String md5,
    String crc32c,
    Instant timeCreated,
    Instant updated,
    ObjectHeaders headers) {

  public StoredObject {
    data = data.clone();
    metadata = Map.copyOf(metadata);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public long size() {
    return data.length;
  }

  /** The bytes in [from, from + length) without copying the whole object first. */
  byte[] slice(long from, long length) {
    return Arrays.copyOfRange(data, Math.toIntExact(from), Math.toIntExact(from + length));
  }

  StoredObject withMetadata(String newContentType, Map<String, String> newMetadata,
      ObjectHeaders newHeaders, Instant now) {
    return new StoredObject(bucket, name, data, newContentType, generation, metageneration + 1,
        newMetadata, md5, crc32c, timeCreated, now, newHeaders);
  }

  @Override
  public String toString() {
    return "StoredObject[" + bucket + "/" + name + "#" + generation + ", " + data.length + " bytes, "
        + contentType + "]";
  }
}
