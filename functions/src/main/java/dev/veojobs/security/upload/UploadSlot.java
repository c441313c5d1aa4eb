package dev.veojobs.security.upload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one upload goes, and the headers the V4 signed PUT URL must bind: the exact content type,
 * and {@code x-goog-content-length-range} so Cloud Storage refuses a larger body.
 */
public record UploadSlot(String bucket, String objectName, String contentType, long maxBytes) {

  public String gcsUri() {
    return "gs://" + bucket + "/" + objectName;
  }

  /** Headers to include in the signature; the client must send them unchanged with its PUT. */
  public Map<String, String> signedHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("x-goog-content-length-range", "1," + maxBytes);
    return headers;
  }
}
