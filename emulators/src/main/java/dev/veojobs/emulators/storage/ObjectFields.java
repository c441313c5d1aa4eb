package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the writable fields of an object resource sent by a client (upload, patch, rewrite). */
final class ObjectFields {
  private static final List<String> WRITABLE = List.of("contentType", "metadata", "contentEncoding",
      "contentDisposition", "contentLanguage", "cacheControl");

  private ObjectFields() {}

  static String text(JsonNode resource, String field) {
    JsonNode value = resource.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Map<String, String> metadata(JsonNode resource) {
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode node = resource.get("metadata");
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          metadata.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    return metadata;
  }

  static ObjectHeaders headers(JsonNode resource) {
    return new ObjectHeaders(text(resource, "contentEncoding"), text(resource, "contentDisposition"),
        text(resource, "contentLanguage"), text(resource, "cacheControl"));
  }

  /** The checksums a client declared in an upload's metadata. */
  static Checksums.DeclaredHashes declaredHashes(JsonNode resource) {
    return new Checksums.DeclaredHashes(text(resource, "md5Hash"), text(resource, "crc32c"));
  }

  static NewObject newObject(String bucket, String name, JsonNode resource, byte[] data,
      String fallbackContentType) {
    String contentType = text(resource, "contentType");
    return new NewObject(bucket, name, data, contentType != null ? contentType : fallbackContentType,
        metadata(resource), headers(resource));
  }

  /** Whether a rewrite/copy body sets destination metadata (otherwise the source's is copied). */
  static boolean setsMetadata(JsonNode resource) {
    return WRITABLE.stream().anyMatch(resource::has);
  }

  /** objects.patch: fields present replace, custom metadata merges and a null value removes a key. */
  static StoredObject patch(StoredObject existing, JsonNode patch, Instant now) {
    String contentType = patch.has("contentType") ? text(patch, "contentType") : existing.contentType();
    Map<String, String> metadata = new LinkedHashMap<>(existing.metadata());
    JsonNode changes = patch.get("metadata");
    if (changes != null && changes.isNull()) {
      metadata.clear();
    } else if (changes != null && changes.isObject()) {
      changes.fields().forEachRemaining(e -> {
        if (e.getValue().isNull()) {
          metadata.remove(e.getKey());
        } else {
          metadata.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    ObjectHeaders old = existing.headers();
    ObjectHeaders headers = new ObjectHeaders(
        patch.has("contentEncoding") ? text(patch, "contentEncoding") : old.contentEncoding(),
        patch.has("contentDisposition") ? text(patch, "contentDisposition") : old.contentDisposition(),
        patch.has("contentLanguage") ? text(patch, "contentLanguage") : old.contentLanguage(),
        patch.has("cacheControl") ? text(patch, "cacheControl") : old.cacheControl());
    return existing.withMetadata(orDefault(contentType), metadata, headers, now);
  }

  /** objects.update: the body is the whole new metadata. */
  static StoredObject replace(StoredObject existing, JsonNode resource, Instant now) {
    return existing.withMetadata(orDefault(text(resource, "contentType")), metadata(resource),
        headers(resource), now);
  }

  private static String orDefault(String contentType) {
    return contentType == null || contentType.isBlank() ? NewObject.DEFAULT_CONTENT_TYPE : contentType;
  }
}
