package dev.veojobs.gcp;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import dev.veojobs.app.SignedUrl;
import dev.veojobs.app.UrlSigner;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * V4 signed URLs. In production {@code signer} is the runtime service account signing through IAM
 * signBlob; locally it is a key file and {@code hostOverride} points the URLs at the storage
 * emulator. The signature time comes from the Storage client's clock, so URLs are valid on the
 * clock the server checks them against.
 */
public final class GcsUrlSigner implements UrlSigner {
  /** The V4 limit. */
  static final Duration MAX_TTL = Duration.ofDays(7);

  private final Storage storage;
  private final ServiceAccountSigner signer;
  private final String hostOverride;

  public GcsUrlSigner(Storage storage, ServiceAccountSigner signer, String hostOverride) {
    this.storage = storage;
    this.signer = signer;
    this.hostOverride = hostOverride == null || hostOverride.isBlank() ? null : withScheme(hostOverride);
  }

  @Override
  public SignedUrl signGet(String bucket, String objectName, Duration ttl) {
    return sign(BlobInfo.newBuilder(bucket, objectName).build(), ttl, HttpMethod.GET, Map.of());
  }

  @Override
  public SignedUrl signPut(String bucket, String objectName, String contentType, Duration ttl) {
    BlobInfo blob = BlobInfo.newBuilder(bucket, objectName).setContentType(contentType).build();
    // The uploader must send exactly this Content-Type: it is part of the signature.
    return sign(blob, ttl, HttpMethod.PUT, Map.of("Content-Type", contentType));
  }

  private SignedUrl sign(BlobInfo blob, Duration ttl, HttpMethod method, Map<String, String> headers) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a V4 signed URL lives between 1 s and 7 days, not " + ttl);
    }
    List<Storage.SignUrlOption> options = new ArrayList<>();
    options.add(Storage.SignUrlOption.withV4Signature());
    options.add(Storage.SignUrlOption.signWith(signer));
    options.add(Storage.SignUrlOption.httpMethod(method));
    if (!headers.isEmpty()) {
      options.add(Storage.SignUrlOption.withExtHeaders(headers));
    }
    if (hostOverride != null) {
      options.add(Storage.SignUrlOption.withHostName(hostOverride));
    }
    Instant signedAt = Instant.ofEpochMilli(storage.getOptions().getClock().millisTime())
        .truncatedTo(ChronoUnit.SECONDS);
    URL url = storage.signUrl(blob, ttl.toSeconds(), TimeUnit.SECONDS, options.toArray(Storage.SignUrlOption[]::new));
    String text = url.toString();
    if (!text.startsWith("https://") && !text.startsWith("http://")) {
      throw new IllegalStateException("a signed URL must be http(s), got scheme of " + url.getProtocol());
    }
    return new SignedUrl(text, signedAt.plus(Duration.ofSeconds(ttl.toSeconds())));
  }

  private static String withScheme(String host) {
    return host.startsWith("http://") || host.startsWith("https://") ? host : "http://" + host;
  }
}
