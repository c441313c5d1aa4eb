package dev.veojobs.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's JSON: responses written in snake_case from records; request bodies read strictly
 * into plain maps (duplicate keys, trailing content, non-object bodies and strings that are not
 * Unicode text are 400s) so the use cases see exactly what the caller sent. Numbers stay Integer/Long/BigInteger/Double.
 */
public final class ApiJson {
  private static final ObjectMapper WRITER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();
  private static final ObjectMapper READER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

  private ApiJson() {}

  public static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response records always serialize", e);
    }
  }

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws ApiException INVALID_ARGUMENT naming what is wrong, never quoting parser internals
   */
  public static Map<String, Object> parseObject(byte[] body) {
    if (body.length == 0) {
      throw ApiException.invalidField("body", "must be a JSON object; the request body is empty");
    }
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (JsonParseException e) {
      throw syntaxError(e);
    } catch (MismatchedInputException e) {
      throw ApiException.invalidField("body", "has unexpected content after the JSON value" + at(e.getLocation()));
    } catch (IOException e) {
      throw ApiException.invalidField("body", "is not valid JSON");
    }
    if (root == null || root.isMissingNode()) {
      throw ApiException.invalidField("body", "must be a JSON object; the request body is empty");
    }
    if (!root.isObject()) {
      throw ApiException.invalidField("body", "must be a JSON object, not " + kind(root));
    }
    requireText(root, "");
    return READER.convertValue(root, MAP);
  }

  /**
   * Refuses strings that are not text: an unpaired UTF-16 surrogate (a JSON escape such as
   * {@code "\ud800"}, or the same encoded as bytes) cannot be stored or logged as UTF-8 — it would
   * become "?" — and NUL ends strings in too many places downstream. Checked once here, for keys
   * and values of every body, so no use case ever sees such a string.
   */
  private static void requireText(JsonNode node, String path) {
    if (node.isTextual()) {
      String problem = textProblem(node.textValue());
      if (problem != null) {
        throw ApiException.invalidField(path, "must be valid Unicode text; it contains " + problem);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String problem = textProblem(field.getKey());
        if (problem != null) {
          throw ApiException.invalidField(path.isEmpty() ? "body" : path,
              "has a field name that is not valid Unicode text; it contains " + problem);
        }
        requireText(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireText(node.get(i), path + "[" + i + "]");
      }
    }
  }

  /** What makes {@code s} not text, or null when it is text. */
  private static String textProblem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0') {
        return "a NUL character";
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "an unpaired surrogate (U+" + HexFormat.of().withUpperCase().toHexDigits(c) + ")";
      }
    }
    return null;
  }

  private static ApiException syntaxError(JsonParseException e) {
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
    if (duplicate.matches()) {
      String field = path(e.getProcessor() instanceof JsonParser p ? p.getParsingContext() : null,
          duplicate.group(1));
      return ApiException.invalidField(field, "appears more than once");
    }
    String reason = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
        ? "has unexpected content after the JSON value"
        : "is not valid JSON";
    return ApiException.invalidField("body", reason + at(e.getLocation()));
  }

  /** Dotted path of a duplicated key, e.g. parameters.seed. */
  private static String path(JsonStreamContext context, String key) {
    Deque<String> names = new ArrayDeque<>();
    names.push(key);
    for (JsonStreamContext c = context == null ? null : context.getParent(); c != null; c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        names.push(c.getCurrentName());
      } else if (c.inArray()) {
        names.push("[" + c.getCurrentIndex() + "]");
      }
    }
    return String.join(".", names).replace(".[", "[");
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }
}
