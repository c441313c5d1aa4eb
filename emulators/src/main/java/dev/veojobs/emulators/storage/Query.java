package dev.veojobs.emulators.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request's query string, decoded, keeping order and repeated names (signing needs both). */
record Query(List<Map.Entry<String, String>> pairs) {

  static Query parse(String rawQuery) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String part : rawQuery.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String name = eq < 0 ? part : part.substring(0, eq);
        String value = eq < 0 ? "" : part.substring(eq + 1);
        pairs.add(Map.entry(Rfc3986.decode(name, true), Rfc3986.decode(value, true)));
      }
    }
    return new Query(List.copyOf(pairs));
  }

  String first(String name) {
    for (Map.Entry<String, String> pair : pairs) {
      if (pair.getKey().equals(name)) {
        return pair.getValue();
      }
    }
    return null;
  }

  /** Case-insensitive lookup: the XML API accepts X-Goog-* query names in any case. */
  String firstIgnoreCase(String name) {
    for (Map.Entry<String, String> pair : pairs) {
      if (pair.getKey().equalsIgnoreCase(name)) {
        return pair.getValue();
      }
    }
    return null;
  }

  boolean has(String name) {
    return first(name) != null;
  }

  /** A numeric parameter, or null when absent; a malformed one is the client's 400. */
  Long longParam(String name) {
    String value = first(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw StorageError.invalid("Invalid value for " + name + ": " + value);
    }
  }

  Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    pairs.forEach(p -> map.putIfAbsent(p.getKey(), p.getValue()));
    return map;
  }
}
