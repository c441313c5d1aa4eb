package dev.veojobs.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured logs the way Cloud Logging reads them from a Cloud Run container: one JSON object
 * per line on stdout, with {@code severity}, {@code message}, {@code time} and
 * {@code logging.googleapis.com/trace} (which groups every line of a request under its trace),
 * plus the fields of the scope ({@code job_id}, …) and of the call. Every value passes through
 * {@link Redactor}. Instances are immutable; {@link #with} and {@link #forRequest} make narrower
 * scopes that share the same output.
 */
public final class JsonLog {
  public static final String TRACE_FIELD = "logging.googleapis.com/trace";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RESERVED = List.of("severity", "message", "time", TRACE_FIELD);

  private final PrintStream out;
  private final String projectId;
  private final Clock clock;
  private final String traceId;
  private final Map<String, Object> scope;

  public JsonLog(PrintStream out, String projectId, Clock clock) {
    this(out, projectId, clock, null, Map.of());
  }

  private JsonLog(PrintStream out, String projectId, Clock clock, String traceId, Map<String, Object> scope) {
    this.out = out;
    this.projectId = projectId;
    this.clock = clock;
    this.traceId = traceId;
    this.scope = scope;
  }

  /** Lines on this process's stdout, which Cloud Run ships to Cloud Logging. */
  public static JsonLog stdout(String projectId) {
    return new JsonLog(System.out, projectId, Clock.systemUTC());
  }

  /** A scope for one request: its trace id (from X-Cloud-Trace-Context) on every line. */
  public JsonLog forRequest(Map<String, List<String>> headers) {
    return withTrace(TraceContext.traceId(headers));
  }

  public JsonLog withTrace(String traceId) {
    return new JsonLog(out, projectId, clock, traceId, scope);
  }

  /** A scope that adds {@code field} to every line, e.g. {@code with("job_id", id)}. */
  public JsonLog with(String field, Object value) {
    if (value == null) {
      return this;
    }
    Map<String, Object> wider = new LinkedHashMap<>(scope);
    wider.put(field, value);
    return new JsonLog(out, projectId, clock, traceId, Map.copyOf(wider));
  }

  public String traceId() {
    return traceId;
  }

  public void info(String message, Object... keyValues) {
    log(Severity.INFO, message, null, keyValues);
  }

  public void warning(String message, Object... keyValues) {
    log(Severity.WARNING, message, null, keyValues);
  }

  public void error(String message, Throwable error, Object... keyValues) {
    log(Severity.ERROR, message, error, keyValues);
  }

  public void critical(String message, Throwable error, Object... keyValues) {
    log(Severity.CRITICAL, message, error, keyValues);
  }

  /** {@code keyValues} alternate field names and values: {@code "status", 200, "path", "/v1/jobs"}. */
  public void log(Severity severity, String message, Throwable error, Object... keyValues) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("severity", severity.name());
    line.put("message", Redactor.text(message));
    line.put("time", clock.instant().toString());
    if (traceId != null) {
      line.put(TRACE_FIELD, projectId == null ? traceId : "projects/" + projectId + "/traces/" + traceId);
    }
    scope.forEach((k, v) -> putField(line, k, v));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      putField(line, String.valueOf(keyValues[i]), keyValues[i + 1]);
    }
    if (error != null) {
      // Error Reporting groups errors by the stack trace in this field.
      line.put("stack_trace", Redactor.text(stackTrace(error)));
    }
    out.println(render(line, severity));
  }

  private static void putField(Map<String, Object> line, String key, Object value) {
    if (!RESERVED.contains(key) && value != null) {
      line.put(key, Redactor.value(key, value));
    }
  }

  private static String render(Map<String, Object> line, Severity severity) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      // Redacted values are strings, numbers, booleans, maps and lists; this is a last resort.
      return "{\"severity\":\"" + severity.name() + "\",\"message\":\"unloggable fields\"}";
    }
  }

  private static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
