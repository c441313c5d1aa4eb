package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /upload/storage/v1/b/{bucket}/o}: media, multipart and resumable uploads. Declared
 * checksums (metadata md5Hash/crc32c, or an X-Goog-Hash header) are checked against the bytes.
 */
final class UploadHandler {
  private static final String PREFIX = "/upload/storage/v1/";
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  private final ObjectStore store;
  private final Map<String, ResumableUpload> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  UploadHandler(ObjectStore store) {
    this.store = store;
  }

  static boolean handles(String path) {
    return path.startsWith(PREFIX);
  }

  void reset() {
    sessions.clear();
  }

  void handle(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    List<String> segments = JsonApiHandler.segments(rawPath.substring(PREFIX.length()));
    String method = exchange.getRequestMethod();
    if (segments.size() != 3 || !segments.get(0).equals("b") || !segments.get(2).equals("o")) {
      throw StorageError.notImplemented(method, rawPath);
    }
    String bucket = segments.get(1);
    Query query = Exchanges.query(exchange);
    String uploadId = query.first("upload_id");
    if (uploadId != null) {
      switch (method) {
        case "PUT", "POST" -> chunk(exchange, uploadId);
        case "DELETE" -> cancel(exchange, uploadId);
        default -> throw StorageError.notImplemented(method, rawPath);
      }
      return;
    }
    if (!method.equals("POST")) {
      throw StorageError.notImplemented(method, rawPath);
    }
    String uploadType = query.first("uploadType");
    if (uploadType == null) {
      throw StorageError.invalid("Upload requests must include an uploadType URL parameter and a URL path"
          + " beginning with /upload/");
    }
    switch (uploadType) {
      case "media" -> media(exchange, bucket, query);
      case "multipart" -> multipart(exchange, bucket, query);
      case "resumable" -> initiate(exchange, bucket, query);
      default -> throw StorageError.invalid("Invalid upload type: " + uploadType);
    }
  }

  private void media(HttpExchange exchange, String bucket, Query query) throws IOException {
    store.requireBucket(bucket);
    byte[] data = Exchanges.body(exchange);
    String name = query.first("name");
    if (name == null) {
      throw StorageError.required("name");
    }
    Checksums.DeclaredHashes declared = googHash(exchange);
    Checksums.verifyDeclared(data, declared.md5(), declared.crc32c());
    ObjectNode resource = Resources.JSON.createObjectNode();
    if (query.has("contentEncoding")) {
      resource.put("contentEncoding", query.first("contentEncoding"));
    }
    StoredObject stored = store.put(ObjectFields.newObject(bucket, name, resource, data,
        exchange.getRequestHeaders().getFirst("Content-Type")), Preconditions.fromQuery(query));
    Exchanges.sendJson(exchange, 200, Resources.object(stored, Exchanges.baseUrl(exchange)));
  }

  private void multipart(HttpExchange exchange, String bucket, Query query) throws IOException {
    store.requireBucket(bucket);
    List<MultipartRelated.Part> parts =
        MultipartRelated.parse(exchange.getRequestHeaders().getFirst("Content-Type"), Exchanges.body(exchange));
    if (parts.size() != 2) {
      throw StorageError.invalid("Multipart uploads need exactly two parts (metadata and media), got "
          + parts.size() + ".");
    }
    JsonNode resource = Exchanges.jsonBody(parts.get(0).body());
    byte[] data = parts.get(1).body();
    String name = query.first("name") != null ? query.first("name") : ObjectFields.text(resource, "name");
    if (name == null) {
      throw StorageError.required("resource.name");
    }
    Checksums.DeclaredHashes declared = googHash(exchange).orElse(ObjectFields.declaredHashes(resource));
    Checksums.verifyDeclared(data, declared.md5(), declared.crc32c());
    StoredObject stored = store.put(ObjectFields.newObject(bucket, name, resource, data,
        parts.get(1).header("Content-Type")), Preconditions.fromQuery(query));
    Exchanges.sendJson(exchange, 200, Resources.object(stored, Exchanges.baseUrl(exchange)));
  }

  private void initiate(HttpExchange exchange, String bucket, Query query) throws IOException {
    store.requireBucket(bucket);
    JsonNode resource = Exchanges.jsonBody(Exchanges.body(exchange));
    String name = query.first("name") != null ? query.first("name") : ObjectFields.text(resource, "name");
    if (name == null) {
      throw StorageError.required("resource.name");
    }
    Preconditions preconditions = Preconditions.fromQuery(query);
    // production checks preconditions when the session starts as well as when it completes
    preconditions.checkWrite(store.object(bucket, name).orElse(null));
    String id = newUploadId();
    sessions.put(id, new ResumableUpload(id, bucket, name, resource,
        exchange.getRequestHeaders().getFirst("X-Upload-Content-Type"), preconditions));
    String location = Exchanges.baseUrl(exchange) + PREFIX + "b/" + Rfc3986.encode(bucket, false)
        + "/o?uploadType=resumable&name=" + Rfc3986.encode(name, false) + "&upload_id=" + id;
    exchange.getResponseHeaders().set("Location", location);
    exchange.getResponseHeaders().set("X-GUploader-UploadID", id);
    Exchanges.sendEmpty(exchange, 200);
  }

  private void chunk(HttpExchange exchange, String uploadId) throws IOException {
    ResumableUpload session = sessions.get(uploadId);
    byte[] body = Exchanges.body(exchange);
    if (session == null) {
      throw StorageError.of(404, "notFound", "No such upload session: " + uploadId);
    }
    String contentRange = exchange.getRequestHeaders().getFirst("Content-Range");
    synchronized (session) {
      if (session.result() != null) {
        Exchanges.sendJson(exchange, 200, Resources.object(session.result(), Exchanges.baseUrl(exchange)));
        return;
      }
      long total;
      if (contentRange == null) {
        // a PUT without Content-Range carries the whole object in one request
        session.append(0, body);
        total = session.committedSize();
      } else {
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches()) {
          throw StorageError.invalid("Failed to parse Content-Range header.");
        }
        total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (m.group(1) != null) {
          long first = Long.parseLong(m.group(1));
          long last = Long.parseLong(m.group(2));
          if (last < first || last - first + 1 != body.length || (total >= 0 && last >= total)) {
            throw StorageError.invalid("Failed to parse Content-Range header.");
          }
          session.append(first, body);
        } else if (body.length > 0) {
          throw StorageError.invalid("Failed to parse Content-Range header.");
        }
        if (total >= 0 && session.committedSize() > total) {
          throw StorageError.invalid("Invalid request.  The upload size " + total
              + " is smaller than the already uploaded size of " + session.committedSize() + " byte(s).");
        }
        if (total < 0 || session.committedSize() < total) {
          if (m.group(1) != null) {
            session.roundDownToGranularity();
          }
          resumeIncomplete(exchange, session);
          return;
        }
      }
      finish(exchange, session);
    }
  }

  private void finish(HttpExchange exchange, ResumableUpload session) throws IOException {
    byte[] data = session.committedBytes();
    Checksums.DeclaredHashes declared = googHash(exchange).orElse(ObjectFields.declaredHashes(session.resource()));
    Checksums.verifyDeclared(data, declared.md5(), declared.crc32c());
    StoredObject stored = store.put(session.toNewObject(), session.preconditions());
    session.finish(stored);
    Exchanges.sendJson(exchange, 200, Resources.object(stored, Exchanges.baseUrl(exchange)));
  }

  /** 308 Resume Incomplete; Range names the committed bytes and is absent when there are none. */
  private static void resumeIncomplete(HttpExchange exchange, ResumableUpload session) throws IOException {
    if (session.committedSize() > 0) {
      exchange.getResponseHeaders().set("Range", "bytes=0-" + (session.committedSize() - 1));
    }
    exchange.getResponseHeaders().set("X-GUploader-UploadID", session.id());
    Exchanges.sendEmpty(exchange, 308);
  }

  /** Production answers a cancelled session with the unusual status 499. */
  private void cancel(HttpExchange exchange, String uploadId) throws IOException {
    if (sessions.remove(uploadId) == null) {
      throw StorageError.of(404, "notFound", "No such upload session: " + uploadId);
    }
    Exchanges.sendEmpty(exchange, 499);
  }

  private static Checksums.DeclaredHashes googHash(HttpExchange exchange) {
    return Checksums.fromGoogHash(exchange.getRequestHeaders().get("X-Goog-Hash"));
  }

  private String newUploadId() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return "ADPycd" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
