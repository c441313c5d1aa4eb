package dev.veojobs.emulators.storage;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Path-style XML API requests, {@code /{bucket}/{object}}, as V4 signed URLs reach them: GET and
 * HEAD (with Range) and PUT uploads. Responses carry {@code Access-Control-Allow-Origin: *} as a
 * bucket whose CORS configuration allows every origin would, so a page on another localhost port
 * can play a video or upload a file through the URL.
 */
final class SignedUrlHandler {
  private static final String EXPOSED_HEADERS = "Content-Length, Content-Range, Content-Type, Accept-Ranges, ETag,"
      + " x-goog-generation, x-goog-metageneration, x-goog-hash, x-goog-stored-content-length";

  private final ObjectStore store;
  private final Map<String, PublicKey> trustedSigners;
  private final Clock clock;

  SignedUrlHandler(ObjectStore store, Map<String, PublicKey> trustedSigners, Clock clock) {
    this.store = store;
    this.trustedSigners = trustedSigners;
    this.clock = clock;
  }

  void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    Headers response = exchange.getResponseHeaders();
    if (method.equals("OPTIONS")) {
      preflight(exchange);
      return;
    }
    response.set("Access-Control-Allow-Origin", "*");
    response.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw XmlError.of(501, "NotImplemented",
          "A header or query you provided requested a function that is not implemented.",
          "The Cloud Storage emulator serves only object GET, HEAD and PUT on the XML API; got " + method + " "
              + rawPath);
    }
    String bucket = Rfc3986.decode(path.substring(0, slash), false);
    String name = Rfc3986.decode(path.substring(slash + 1), false);
    Query query = Exchanges.query(exchange);
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (!read && !method.equals("PUT")) {
      throw XmlError.of(501, "NotImplemented",
          "A header or query you provided requested a function that is not implemented.",
          "The Cloud Storage emulator does not implement XML API " + method + " " + rawPath);
    }
    if (!V4SignedRequest.isSigned(query)) {
      throw XmlError.anonymous(read ? "storage.objects.get" : "storage.objects.create");
    }
    V4SignedRequest.verify(exchange, query, trustedSigners, clock.instant());
    try {
      if (read) {
        download(exchange, bucket, name, query);
      } else {
        upload(exchange, bucket, name);
      }
    } catch (StorageError e) {
      throw asXml(e, bucket, name);
    }
  }

  private void download(HttpExchange exchange, String bucket, String name, Query query) throws IOException {
    Long generation = parseGeneration(query.first("generation"));
    StoredObject object = store.require(bucket, name, generation);
    String etag = "\"" + Checksums.md5Hex(object.data()) + "\"";
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.trim().equals("*"))) {
      exchange.getResponseHeaders().set("ETag", etag);
      Exchanges.sendEmpty(exchange, 304);
      return;
    }
    if (!ObjectDownload.serve(exchange, object)) {
      String range = exchange.getRequestHeaders().getFirst("Range");
      throw XmlError.of(416, "InvalidRange", "The requested range cannot be satisfied.", range);
    }
  }

  private void upload(HttpExchange exchange, String bucket, String name) throws IOException {
    store.requireBucket(bucket);
    Headers request = exchange.getRequestHeaders();
    byte[] data = Exchanges.body(exchange);
    String contentMd5 = request.getFirst("Content-MD5");
    if (contentMd5 != null && !contentMd5.trim().equals(Checksums.md5(data))) {
      throw XmlError.of(400, "BadDigest", "The Content-MD5 you specified did not match what was received.", null);
    }
    Checksums.DeclaredHashes declared = Checksums.fromGoogHash(request.get("X-Goog-Hash"));
    if (declared.crc32c() != null && !declared.crc32c().equals(Checksums.crc32c(data))) {
      throw XmlError.of(400, "BadDigest", "The CRC32C you specified did not match what we computed.", null);
    }
    if (declared.md5() != null && !declared.md5().equals(Checksums.md5(data))) {
      throw XmlError.of(400, "BadDigest", "The MD5 you specified did not match what we computed.", null);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    request.forEach((header, values) -> {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-goog-meta-") && !values.isEmpty()) {
        metadata.put(lower.substring("x-goog-meta-".length()), values.get(0));
      }
    });
    ObjectHeaders headers = new ObjectHeaders(request.getFirst("Content-Encoding"),
        request.getFirst("Content-Disposition"), request.getFirst("Content-Language"),
        request.getFirst("Cache-Control"));
    Preconditions preconditions = Preconditions.fromXmlHeaders(request.getFirst("x-goog-if-generation-match"),
        request.getFirst("x-goog-if-metageneration-match"));
    StoredObject stored = store.put(
        new NewObject(bucket, name, data, request.getFirst("Content-Type"), metadata, headers), preconditions);
    Headers response = exchange.getResponseHeaders();
    response.set("ETag", "\"" + Checksums.md5Hex(stored.data()) + "\"");
    response.set("x-goog-generation", Long.toString(stored.generation()));
    response.set("x-goog-metageneration", Long.toString(stored.metageneration()));
    response.set("x-goog-stored-content-length", Long.toString(stored.size()));
    response.set("x-goog-stored-content-encoding", "identity");
    response.add("x-goog-hash", "crc32c=" + stored.crc32c());
    response.add("x-goog-hash", "md5=" + stored.md5());
    Exchanges.sendEmpty(exchange, 200);
  }

  /** Answers CORS preflights as a bucket configured to allow any origin would. */
  private static void preflight(HttpExchange exchange) throws IOException {
    Headers request = exchange.getRequestHeaders();
    Headers response = exchange.getResponseHeaders();
    String origin = request.getFirst("Origin");
    response.set("Access-Control-Allow-Origin", origin == null ? "*" : origin);
    response.set("Vary", "Origin");
    response.set("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS");
    String requested = request.getFirst("Access-Control-Request-Headers");
    if (requested != null) {
      response.set("Access-Control-Allow-Headers", requested);
    }
    response.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    response.set("Access-Control-Max-Age", "3600");
    Exchanges.sendEmpty(exchange, 200);
  }

  private static Long parseGeneration(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw XmlError.of(400, "InvalidArgument", "Invalid argument.", "Invalid generation: " + value);
    }
  }

  /** The XML API's spelling of errors the shared store raises in JSON API terms. */
  private static XmlError asXml(StorageError error, String bucket, String name) {
    return switch (error.status()) {
      case 404 -> error.getMessage().startsWith("No such object")
          ? XmlError.noSuchKey(bucket, name)
          : XmlError.noSuchBucket();
      case 412 -> XmlError.of(412, "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold.", null);
      default -> XmlError.of(error.status(), "InvalidArgument", "Invalid argument.", error.getMessage());
    };
  }
}
