package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dotted field path such as {@code request.parameters.seed} or {@code `odd.key`.x}, with the nested
 * reads and writes Firestore applies to a document's map of fields.
 */
record FieldPath(List<String> segments) implements Comparable<FieldPath> {
  static final String NAME = "__name__";
  static final FieldPath DOCUMENT_NAME = new FieldPath(List.of(NAME));
  private static final Pattern SIMPLE = Pattern.compile("[a-zA-Z_][a-zA-Z_0-9]*");

  FieldPath {
    segments = List.copyOf(segments);
  }

  static FieldPath parse(String path) {
    if (path == null || path.isEmpty()) {
      throw FirestoreErrors.invalidArgument("Invalid field path \"\": a field path must not be empty.");
    }
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '`') {
        i++;
        boolean closed = false;
        while (i < path.length()) {
          char q = path.charAt(i);
          if (q == '\\' && i + 1 < path.length()) {
            current.append(path.charAt(i + 1));
            i += 2;
          } else if (q == '`') {
            closed = true;
            i++;
            break;
          } else {
            current.append(q);
            i++;
          }
        }
        if (!closed) {
          throw FirestoreErrors.invalidArgument("Invalid field path \"" + path + "\": unterminated backtick.");
        }
      } else if (c == '.') {
        finishSegment(path, segments, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    finishSegment(path, segments, current);
    return new FieldPath(segments);
  }

  private static void finishSegment(String path, List<String> segments, StringBuilder current) {
    if (current.isEmpty()) {
      throw FirestoreErrors.invalidArgument("Invalid field path \"" + path + "\": empty path segment.");
    }
    segments.add(current.toString());
    current.setLength(0);
  }

  boolean isDocumentName() {
    return segments.size() == 1 && segments.get(0).equals(NAME);
  }

  /** The canonical spelling, quoting segments that are not plain identifiers. */
  String canonical() {
    List<String> quoted = new ArrayList<>(segments.size());
    for (String segment : segments) {
      quoted.add(SIMPLE.matcher(segment).matches()
          ? segment
          : "`" + segment.replace("\\", "\\\\").replace("`", "\\`") + "`");
    }
    return String.join(".", quoted);
  }

  boolean isPrefixOf(FieldPath other) {
    return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
  }

  Optional<Value> get(Map<String, Value> fields) {
    Map<String, Value> level = fields;
    for (int i = 0; i < segments.size(); i++) {
      Value value = level.get(segments.get(i));
      if (value == null) {
        return Optional.empty();
      }
      if (i == segments.size() - 1) {
        return Optional.of(value);
      }
      if (value.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
        return Optional.empty();
      }
      level = value.getMapValue().getFieldsMap();
    }
    return Optional.empty();
  }

  /** Sets the field, turning any non-map value on the way into a map, as Firestore does. */
  void set(Map<String, Value> fields, Value value) {
    set(fields, 0, value);
  }

  private void set(Map<String, Value> level, int index, Value value) {
    String key = segments.get(index);
    if (index == segments.size() - 1) {
      level.put(key, value);
      return;
    }
    Value existing = level.get(key);
    Map<String, Value> child = existing != null && existing.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE
        ? new LinkedHashMap<>(existing.getMapValue().getFieldsMap())
        : new LinkedHashMap<>();
    set(child, index + 1, value);
    level.put(key, Value.newBuilder().setMapValue(MapValue.newBuilder().putAllFields(child)).build());
  }

  void delete(Map<String, Value> fields) {
    delete(fields, 0);
  }

  private void delete(Map<String, Value> level, int index) {
    String key = segments.get(index);
    if (index == segments.size() - 1) {
      level.remove(key);
      return;
    }
    Value existing = level.get(key);
    if (existing == null || existing.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
      return;
    }
    Map<String, Value> child = new LinkedHashMap<>(existing.getMapValue().getFieldsMap());
    delete(child, index + 1);
    level.put(key, Value.newBuilder().setMapValue(MapValue.newBuilder().putAllFields(child)).build());
  }

  @Override
  public int compareTo(FieldPath other) {
    int n = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < n; i++) {
      int c = ValueOrdering.compareStrings(segments.get(i), other.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), other.segments.size());
  }

  @Override
  public String toString() {
    return canonical();
  }
}
