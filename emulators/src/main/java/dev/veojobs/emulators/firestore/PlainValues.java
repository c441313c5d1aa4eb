package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stored values as plain Java objects for tests ({@link Instant} for timestamps, {@code byte[]} for bytes)
 * or as JSON-ready objects for the control plane (ISO-8601 strings, base64).
 */
final class PlainValues {
  private PlainValues() {}

  static Map<String, Object> toJava(Map<String, Value> fields) {
    return convertMap(fields, PlainValues::toJava);
  }

  static Object toJava(Value value) {
    return switch (value.getValueTypeCase()) {
      case TIMESTAMP_VALUE -> instant(value.getTimestampValue());
      case BYTES_VALUE -> value.getBytesValue().toByteArray();
      case ARRAY_VALUE -> convertList(value.getArrayValue().getValuesList(), PlainValues::toJava);
      case MAP_VALUE -> convertMap(value.getMapValue().getFieldsMap(), PlainValues::toJava);
      default -> scalar(value);
    };
  }

  static Map<String, Object> toJson(Map<String, Value> fields) {
    return convertMap(fields, PlainValues::toJson);
  }

  static Object toJson(Value value) {
    return switch (value.getValueTypeCase()) {
      case TIMESTAMP_VALUE -> instant(value.getTimestampValue()).toString();
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE -> convertList(value.getArrayValue().getValuesList(), PlainValues::toJson);
      case MAP_VALUE -> convertMap(value.getMapValue().getFieldsMap(), PlainValues::toJson);
      case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue())
          ? value.getDoubleValue()
          : Double.toString(value.getDoubleValue());
      default -> scalar(value);
    };
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static Object scalar(Value value) {
    return switch (value.getValueTypeCase()) {
      case BOOLEAN_VALUE -> value.getBooleanValue();
      case INTEGER_VALUE -> value.getIntegerValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case STRING_VALUE -> value.getStringValue();
      case REFERENCE_VALUE -> value.getReferenceValue();
      case GEO_POINT_VALUE -> {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("latitude", value.getGeoPointValue().getLatitude());
        point.put("longitude", value.getGeoPointValue().getLongitude());
        yield point;
      }
      default -> null;
    };
  }

  private static List<Object> convertList(List<Value> values, Function<Value, Object> convert) {
    List<Object> out = new ArrayList<>(values.size());
    values.forEach(v -> out.add(convert.apply(v)));
    return out;
  }

  /** Keys sorted, so inspection output is stable. */
  private static Map<String, Object> convertMap(Map<String, Value> fields, Function<Value, Object> convert) {
    Map<String, Object> out = new TreeMap<>();
    fields.forEach((k, v) -> out.put(k, convert.apply(v)));
    return out;
  }
}
