package dev.veojobs.app;

import java.time.Duration;

/** Port: V4 signed URLs (IAM signBlob in production, a local key locally). Always https or http(s) URLs, never gs://. */
public interface UrlSigner {
  SignedUrl signGet(String bucket, String objectName, Duration ttl);

  SignedUrl signPut(String bucket, String objectName, String contentType, Duration ttl);
}
