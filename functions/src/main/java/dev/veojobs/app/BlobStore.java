package dev.veojobs.app;

import java.util.List;

/** Port: Cloud Storage. Writes are idempotent: an object that already exists is success. */
public interface BlobStore {

  /** Server-side copy of {@code sourceGcsUri} to gs://{bucket}/{objectName}; returns the new gs:// URI. */
  String copy(String sourceGcsUri, String bucket, String objectName);

  /** Uploads bytes to gs://{bucket}/{objectName}; returns the gs:// URI. */
  String upload(byte[] data, String contentType, String bucket, String objectName);

  boolean exists(String bucket, String objectName);

  /** gs:// URIs of the objects whose names start with {@code prefix}, in name order. */
  List<String> list(String bucket, String prefix);

  /** Deletes gs://{bucket}/{objectName}; an object already gone is success (deletes are repeated on retry). */
  void delete(String bucket, String objectName);

  /** Size and content type of an object, or null when absent. */
  BlobInfo describe(String bucket, String objectName);

  record BlobInfo(long size, String contentType) {}
}
