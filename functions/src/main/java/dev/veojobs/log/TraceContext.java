package dev.veojobs.log;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trace id of a request, from Google's {@code X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1}
 * or, failing that, W3C {@code traceparent: 00-TRACE_ID-SPAN_ID-01}. Only a well-formed id is
 * kept: the header comes from the caller and must not inject text into the logs.
 */
public final class TraceContext {
  static final String CLOUD_TRACE_HEADER = "X-Cloud-Trace-Context";
  static final String TRACEPARENT_HEADER = "traceparent";
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String ALL_ZERO = "0".repeat(32);

  private TraceContext() {}

  /** The 32-hex-digit trace id, or null when the request carries none (or a malformed one). */
  public static String traceId(Map<String, List<String>> headers) {
    String cloud = first(headers, CLOUD_TRACE_HEADER);
    if (cloud != null) {
      int slash = cloud.indexOf('/');
      String id = valid(slash < 0 ? cloud.split(";", 2)[0] : cloud.substring(0, slash));
      if (id != null) {
        return id;
      }
    }
    String parent = first(headers, TRACEPARENT_HEADER);
    if (parent != null) {
      String[] parts = parent.strip().split("-");
      if (parts.length >= 4) {
        return valid(parts[1]);
      }
    }
    return null;
  }

  private static String valid(String candidate) {
    String id = candidate.strip().toLowerCase(Locale.ROOT);
    return TRACE_ID.matcher(id).matches() && !id.equals(ALL_ZERO) ? id : null;
  }

  /** Header names are case-insensitive; the framework does not promise a spelling. */
  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
