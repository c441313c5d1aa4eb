package dev.veojobs.emulators.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * objects.list over a sorted name map: prefix, delimiter (collapsing names into "prefixes"),
 * start/end offsets and pagination. Items and prefixes both count toward maxResults, as in
 * production; the page token is opaque to the client and names the last entry returned.
 */
final class ObjectListing {
  static final int DEFAULT_MAX_RESULTS = 1000;

  record Request(String prefix, String delimiter, String pageToken, int maxResults, String startOffset,
      String endOffset, boolean includeTrailingDelimiter) {}

  record Page(List<StoredObject> items, List<String> prefixes, String nextPageToken) {}

  private record Cursor(String key, boolean isPrefix) {
    String encode() {
      String raw = (isPrefix ? "p:" : "o:") + key;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      if (token == null || token.isEmpty()) {
        return null;
      }
      String raw;
      try {
        raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw StorageError.invalid("Invalid page token: " + token);
      }
      if (!raw.startsWith("p:") && !raw.startsWith("o:")) {
        throw StorageError.invalid("Invalid page token: " + token);
      }
      return new Cursor(raw.substring(2), raw.startsWith("p:"));
    }
  }

  private ObjectListing() {}

  static Page list(NavigableMap<String, StoredObject> objects, Request request) {
    String prefix = request.prefix() == null ? "" : request.prefix();
    String delimiter = request.delimiter() == null ? "" : request.delimiter();
    Cursor resume = Cursor.decode(request.pageToken());
    String from = prefix;
    if (request.startOffset() != null && request.startOffset().compareTo(from) > 0) {
      from = request.startOffset();
    }
    List<StoredObject> items = new ArrayList<>();
    Set<String> prefixes = new LinkedHashSet<>();
    String openPrefix = null;
    Cursor last = null;
    boolean more = false;
    for (Map.Entry<String, StoredObject> entry : objects.tailMap(from, true).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(prefix)) {
        break; // names sharing a prefix are contiguous in sorted order
      }
      if (request.endOffset() != null && name.compareTo(request.endOffset()) >= 0) {
        break;
      }
      if (resume != null && (name.compareTo(resume.key()) <= 0
          || (resume.isPrefix() && name.startsWith(resume.key())))) {
        continue;
      }
      if (openPrefix != null && name.startsWith(openPrefix)) {
        if (request.includeTrailingDelimiter() && name.equals(openPrefix)) {
          items.add(entry.getValue());
        }
        continue;
      }
      int at = delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
      if (items.size() + prefixes.size() >= request.maxResults()) {
        more = true;
        break;
      }
      if (at >= 0) {
        openPrefix = name.substring(0, at + delimiter.length());
        prefixes.add(openPrefix);
        last = new Cursor(openPrefix, true);
        if (request.includeTrailingDelimiter() && name.equals(openPrefix)) {
          items.add(entry.getValue());
        }
      } else {
        items.add(entry.getValue());
        last = new Cursor(name, false);
      }
    }
    return new Page(List.copyOf(items), List.copyOf(prefixes), more && last != null ? last.encode() : null);
  }
}
