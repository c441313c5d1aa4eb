package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/** JSON API resources (object, bucket, list pages, errors) in production's field names and types. */
final class Resources {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Resources() {}

  static String timestamp(Instant instant) {
    return RFC3339.format(instant);
  }

  /** {@code baseUrl} is where the caller reached the emulator, so links work from that caller. */
  static ObjectNode object(StoredObject object, String baseUrl) {
    String encodedName = Rfc3986.encode(object.name(), false);
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#object");
    node.put("id", object.bucket() + "/" + object.name() + "/" + object.generation());
    node.put("selfLink", baseUrl + "/storage/v1/b/" + object.bucket() + "/o/" + encodedName);
    node.put("mediaLink", baseUrl + "/download/storage/v1/b/" + object.bucket() + "/o/" + encodedName
        + "?generation=" + object.generation() + "&alt=media");
    node.put("name", object.name());
    node.put("bucket", object.bucket());
    node.put("generation", Long.toString(object.generation()));
    node.put("metageneration", Long.toString(object.metageneration()));
    node.put("contentType", object.contentType());
    node.put("storageClass", "STANDARD");
    node.put("size", Long.toString(object.size()));
    node.put("md5Hash", object.md5());
    node.put("crc32c", object.crc32c());
    node.put("etag", etag(object.generation(), object.metageneration()));
    node.put("timeCreated", timestamp(object.timeCreated()));
    node.put("updated", timestamp(object.updated()));
    node.put("timeStorageClassUpdated", timestamp(object.timeCreated()));
    ObjectHeaders headers = object.headers();
    putIfPresent(node, "contentEncoding", headers.contentEncoding());
    putIfPresent(node, "contentDisposition", headers.contentDisposition());
    putIfPresent(node, "contentLanguage", headers.contentLanguage());
    putIfPresent(node, "cacheControl", headers.cacheControl());
    if (!object.metadata().isEmpty()) {
      ObjectNode metadata = node.putObject("metadata");
      object.metadata().forEach(metadata::put);
    }
    return node;
  }

  static ObjectNode bucket(StoredBucket bucket, String baseUrl) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#bucket");
    node.put("id", bucket.name());
    node.put("selfLink", baseUrl + "/storage/v1/b/" + bucket.name());
    node.put("projectNumber", "0");
    node.put("name", bucket.name());
    node.put("timeCreated", timestamp(bucket.timeCreated()));
    node.put("updated", timestamp(bucket.timeCreated()));
    node.put("metageneration", "1");
    node.put("location", "US");
    node.put("locationType", "multi-region");
    node.put("storageClass", "STANDARD");
    node.put("etag", "CAE=");
    node.put("rpo", "DEFAULT");
    return node;
  }

  static ObjectNode objectList(ObjectListing.Page page, String baseUrl) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#objects");
    if (page.nextPageToken() != null) {
      node.put("nextPageToken", page.nextPageToken());
    }
    if (!page.prefixes().isEmpty()) {
      ArrayNode prefixes = node.putArray("prefixes");
      page.prefixes().forEach(prefixes::add);
    }
    if (!page.items().isEmpty()) {
      ArrayNode items = node.putArray("items");
      page.items().forEach(item -> items.add(object(item, baseUrl)));
    }
    return node;
  }

  static ObjectNode error(StorageError error) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode body = root.putObject("error");
    body.put("code", error.status());
    body.put("message", error.getMessage());
    ObjectNode detail = body.putArray("errors").addObject();
    detail.put("message", error.getMessage());
    detail.put("domain", "global");
    detail.put("reason", error.reason());
    putIfPresent(detail, "locationType", error.locationType());
    putIfPresent(detail, "location", error.location());
    return root;
  }

  /**
   * Production's object etag is the base64 of a small protobuf holding generation (field 1) and
   * metageneration (field 2); clients treat it as opaque, but it changes exactly when they do.
   */
  static String etag(long generation, long metageneration) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x08);
    varint(out, generation);
    out.write(0x10);
    varint(out, metageneration);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static Map<String, Object> health() {
    return Map.of("status", "ok");
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
