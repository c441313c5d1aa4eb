package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;

/**
 * One resumable upload session: what the initiating POST asked for and the bytes committed so
 * far. Callers synchronize on the session, so concurrent PUTs to one session apply in order.
 */
final class ResumableUpload {
  /** Production commits non-final chunks only in multiples of 256 KiB. */
  static final int CHUNK_GRANULARITY = 256 * 1024;

  private final String id;
  private final String bucket;
  private final String name;
  private final JsonNode resource;
  private final String fallbackContentType;
  private final Preconditions preconditions;
  private ByteArrayOutputStream committed = new ByteArrayOutputStream();
  private StoredObject result;

  ResumableUpload(String id, String bucket, String name, JsonNode resource, String fallbackContentType,
      Preconditions preconditions) {
    this.id = id;
    this.bucket = bucket;
    this.name = name;
    this.resource = resource;
    this.fallbackContentType = fallbackContentType;
    this.preconditions = preconditions;
  }

  String id() {
    return id;
  }

  String bucket() {
    return bucket;
  }

  String name() {
    return name;
  }

  JsonNode resource() {
    return resource;
  }

  Preconditions preconditions() {
    return preconditions;
  }

  long committedSize() {
    return committed.size();
  }

  byte[] committedBytes() {
    return committed.toByteArray();
  }

  /**
   * Appends the part of a chunk that starts at {@code offset} which is not already committed. A
   * chunk starting beyond the committed end is production's 400.
   */
  void append(long offset, byte[] chunk) {
    long have = committed.size();
    if (offset > have) {
      throw StorageError.invalid("Invalid request.  According to the Content-Range header, the upload offset is "
          + offset + " byte(s), which exceeds already uploaded size of " + have + " byte(s).");
    }
    int skip = (int) (have - offset);
    if (skip < chunk.length) {
      committed.write(chunk, skip, chunk.length - skip);
    }
  }

  /** Drops a non-final chunk's tail past the last 256 KiB boundary, as production does. */
  void roundDownToGranularity() {
    int keep = committed.size() / CHUNK_GRANULARITY * CHUNK_GRANULARITY;
    if (keep != committed.size()) {
      byte[] all = committed.toByteArray();
      committed = new ByteArrayOutputStream();
      committed.write(all, 0, keep);
    }
  }

  NewObject toNewObject() {
    return ObjectFields.newObject(bucket, name, resource, committed.toByteArray(), fallbackContentType);
  }

  StoredObject result() {
    return result;
  }

  void finish(StoredObject stored) {
    this.result = stored;
    this.committed = new ByteArrayOutputStream();
  }
}
