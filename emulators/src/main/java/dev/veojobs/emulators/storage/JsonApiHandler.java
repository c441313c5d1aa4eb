package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON API's metadata endpoints ({@code /storage/v1/...}) and media downloads
 * ({@code /storage/v1/...?alt=media}, {@code /download/storage/v1/...}).
 */
final class JsonApiHandler {
  private static final String API = "/storage/v1/";
  private static final String DOWNLOAD = "/download/storage/v1/";

  private final ObjectStore store;

  JsonApiHandler(ObjectStore store) {
    this.store = store;
  }

  static boolean handles(String path) {
    return path.startsWith(API) || path.startsWith(DOWNLOAD);
  }

  void handle(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    boolean download = rawPath.startsWith(DOWNLOAD);
    List<String> segments = segments(rawPath.substring(download ? DOWNLOAD.length() : API.length()));
    String method = method(exchange);
    Query query = Exchanges.query(exchange);
    if (download) {
      if (objectPath(segments) && (method.equals("GET") || method.equals("HEAD"))) {
        media(exchange, segments.get(1), objectName(segments), query);
        return;
      }
      throw StorageError.notImplemented(method, rawPath);
    }
    if (segments.size() == 1 && segments.get(0).equals("b")) {
      switch (method) {
        case "GET" -> listBuckets(exchange, query);
        case "POST" -> insertBucket(exchange, query);
        default -> throw StorageError.notImplemented(method, rawPath);
      }
      return;
    }
    if (segments.size() == 2 && segments.get(0).equals("b")) {
      String bucket = segments.get(1);
      switch (method) {
        case "GET" -> Exchanges.sendJson(exchange, 200,
            Resources.bucket(store.requireBucket(bucket), Exchanges.baseUrl(exchange)));
        case "DELETE" -> {
          store.deleteBucket(bucket);
          Exchanges.sendEmpty(exchange, 204);
        }
        default -> throw StorageError.notImplemented(method, rawPath);
      }
      return;
    }
    if (segments.size() == 3 && segments.get(0).equals("b") && segments.get(2).equals("o")) {
      switch (method) {
        case "GET" -> listObjects(exchange, segments.get(1), query);
        case "POST" -> insertEmpty(exchange, segments.get(1), query);
        default -> throw StorageError.notImplemented(method, rawPath);
      }
      return;
    }
    if (segments.size() == 9 && segments.get(0).equals("b") && segments.get(2).equals("o")
        && (segments.get(4).equals("rewriteTo") || segments.get(4).equals("copyTo"))
        && segments.get(5).equals("b") && segments.get(7).equals("o") && method.equals("POST")) {
      copy(exchange, segments, query, segments.get(4).equals("rewriteTo"));
      return;
    }
    if (objectPath(segments)) {
      String bucket = segments.get(1);
      String name = objectName(segments);
      switch (method) {
        case "GET" -> {
          if ("media".equals(query.first("alt"))) {
            media(exchange, bucket, name, query);
          } else {
            getObject(exchange, bucket, name, query);
          }
        }
        case "PATCH", "PUT" -> updateObject(exchange, bucket, name, query, method.equals("PATCH"));
        case "DELETE" -> {
          store.delete(bucket, name, query.longParam("generation"), Preconditions.fromQuery(query));
          Exchanges.sendEmpty(exchange, 204);
        }
        default -> throw StorageError.notImplemented(method, rawPath);
      }
      return;
    }
    throw StorageError.notImplemented(method, rawPath);
  }

  private void listBuckets(HttpExchange exchange, Query query) throws IOException {
    ObjectNode page = Resources.JSON.createObjectNode();
    page.put("kind", "storage#buckets");
    String prefix = query.first("prefix");
    ArrayNode items = Resources.JSON.createArrayNode();
    for (StoredBucket bucket : store.buckets()) {
      if (prefix == null || bucket.name().startsWith(prefix)) {
        items.add(Resources.bucket(bucket, Exchanges.baseUrl(exchange)));
      }
    }
    if (!items.isEmpty()) {
      page.set("items", items);
    }
    Exchanges.sendJson(exchange, 200, page);
  }

  private void insertBucket(HttpExchange exchange, Query query) throws IOException {
    JsonNode body = Exchanges.jsonBody(Exchanges.body(exchange));
    StoredBucket bucket = store.createBucket(ObjectFields.text(body, "name"), query.first("project"));
    Exchanges.sendJson(exchange, 200, Resources.bucket(bucket, Exchanges.baseUrl(exchange)));
  }

  private void listObjects(HttpExchange exchange, String bucket, Query query) throws IOException {
    if (query.has("matchGlob")) {
      throw StorageError.notImplemented("GET", "/storage/v1/b/" + bucket + "/o?matchGlob");
    }
    Long maxResults = query.longParam("maxResults");
    if (maxResults != null && maxResults < 0) {
      throw StorageError.invalid("Invalid value for maxResults: " + maxResults);
    }
    int max = maxResults == null || maxResults == 0 || maxResults > ObjectListing.DEFAULT_MAX_RESULTS
        ? ObjectListing.DEFAULT_MAX_RESULTS : maxResults.intValue();
    ObjectListing.Request request = new ObjectListing.Request(query.first("prefix"), query.first("delimiter"),
        query.first("pageToken"), max, query.first("startOffset"), query.first("endOffset"),
        "true".equals(query.first("includeTrailingDelimiter")));
    Exchanges.sendJson(exchange, 200, Resources.objectList(store.list(bucket, request), Exchanges.baseUrl(exchange)));
  }

  /** objects.insert without media: a zero-byte object carrying only metadata. */
  private void insertEmpty(HttpExchange exchange, String bucket, Query query) throws IOException {
    JsonNode body = Exchanges.jsonBody(Exchanges.body(exchange));
    String name = query.first("name") != null ? query.first("name") : ObjectFields.text(body, "name");
    StoredObject stored = store.put(ObjectFields.newObject(bucket, name, body, new byte[0], null),
        Preconditions.fromQuery(query));
    Exchanges.sendJson(exchange, 200, Resources.object(stored, Exchanges.baseUrl(exchange)));
  }

  private void getObject(HttpExchange exchange, String bucket, String name, Query query) throws IOException {
    StoredObject object = store.require(bucket, name, query.longParam("generation"));
    if (Preconditions.fromQuery(query).checkRead(object) == Preconditions.ReadOutcome.NOT_MODIFIED) {
      Exchanges.sendEmpty(exchange, 304);
      return;
    }
    Exchanges.sendJson(exchange, 200, Resources.object(object, Exchanges.baseUrl(exchange)));
  }

  private void media(HttpExchange exchange, String bucket, String name, Query query) throws IOException {
    StoredObject object = store.require(bucket, name, query.longParam("generation"));
    if (Preconditions.fromQuery(query).checkRead(object) == Preconditions.ReadOutcome.NOT_MODIFIED) {
      Exchanges.sendEmpty(exchange, 304);
      return;
    }
    if (!ObjectDownload.serve(exchange, object)) {
      exchange.getResponseHeaders().remove("x-goog-hash");
      throw StorageError.of(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
    }
  }

  private void updateObject(HttpExchange exchange, String bucket, String name, Query query, boolean patch)
      throws IOException {
    JsonNode body = Exchanges.jsonBody(Exchanges.body(exchange));
    StoredObject updated = store.updateMetadata(bucket, name, query.longParam("generation"),
        Preconditions.fromQuery(query), existing -> patch
            ? ObjectFields.patch(existing, body, store.now())
            : ObjectFields.replace(existing, body, store.now()));
    Exchanges.sendJson(exchange, 200, Resources.object(updated, Exchanges.baseUrl(exchange)));
  }

  /**
   * rewriteTo and copyTo. A rewrite always finishes in one call ("done": true), which production
   * may also do; clients loop on rewriteToken only while "done" is false.
   */
  private void copy(HttpExchange exchange, List<String> segments, Query query, boolean rewrite) throws IOException {
    JsonNode body = Exchanges.jsonBody(Exchanges.body(exchange));
    String sourceBucket = segments.get(1);
    String sourceName = segments.get(3);
    String destinationBucket = segments.get(6);
    String destinationName = segments.get(8);
    store.requireBucket(destinationBucket);
    StoredObject stored = store.copy(sourceBucket, sourceName, query.longParam("sourceGeneration"),
        Preconditions.sourceFromQuery(query),
        source -> ObjectFields.setsMetadata(body)
            ? ObjectFields.newObject(destinationBucket, destinationName, body, source.data(), null)
            : new NewObject(destinationBucket, destinationName, source.data(), source.contentType(),
                source.metadata(), source.headers()),
        Preconditions.fromQuery(query));
    ObjectNode resource = Resources.object(stored, Exchanges.baseUrl(exchange));
    if (!rewrite) {
      Exchanges.sendJson(exchange, 200, resource);
      return;
    }
    ObjectNode response = Resources.JSON.createObjectNode();
    response.put("kind", "storage#rewriteResponse");
    response.put("totalBytesRewritten", Long.toString(stored.size()));
    response.put("objectSize", Long.toString(stored.size()));
    response.put("done", true);
    response.set("resource", resource);
    Exchanges.sendJson(exchange, 200, response);
  }

  /**
   * The effective method: HttpURLConnection cannot send PATCH, so the Java client POSTs with
   * {@code X-HTTP-Method-Override: PATCH}, which Google's front ends honour.
   */
  static String method(HttpExchange exchange) {
    String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
    return override != null && exchange.getRequestMethod().equals("POST")
        ? override.trim().toUpperCase(java.util.Locale.ROOT)
        : exchange.getRequestMethod();
  }

  private static boolean objectPath(List<String> segments) {
    return segments.size() >= 3 && segments.get(0).equals("b") && segments.get(2).equals("o")
        && (segments.size() == 4 || (segments.size() > 4 && !isSubResource(segments.get(4))));
  }

  /** A name sent with raw '/' instead of %2F arrives as several segments; production accepts both. */
  private static String objectName(List<String> segments) {
    return String.join("/", segments.subList(3, segments.size()));
  }

  private static boolean isSubResource(String segment) {
    return switch (segment) {
      case "rewriteTo", "copyTo", "compose", "acl", "iam", "restore", "moveTo" -> true;
      default -> false;
    };
  }

  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(Rfc3986.decode(segment, false));
    }
    if (segments.size() == 2 && segments.get(1).isEmpty()) {
      segments.remove(1); // "/storage/v1/b/" lists buckets; it does not name an empty bucket
    }
    return segments;
  }
}
