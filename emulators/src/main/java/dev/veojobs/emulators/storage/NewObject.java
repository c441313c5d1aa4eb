package dev.veojobs.emulators.storage;

import java.util.Map;

/** What an upload, copy or rewrite asks to store; the store assigns generation and timestamps. */
record NewObject(String bucket, String name, byte[] data, String contentType, Map<String, String> metadata,
    ObjectHeaders headers) {

  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  NewObject {
    contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    metadata = metadata == null ? Map.of() : metadata;
    headers = headers == null ? ObjectHeaders.NONE : headers;
  }
}
