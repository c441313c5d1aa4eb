package dev.veojobs.http;

import dev.veojobs.job.FieldViolation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer decided while handling a request. Its message is shown to the caller, so it
 * says what to fix and never names internals.
 */
public final class ApiException extends RuntimeException {
  private final ApiStatus status;
  private final List<FieldViolation> details;
  private final Map<String, String> headers;

  public ApiException(ApiStatus status, String message, List<FieldViolation> details, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.details = List.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  public ApiException(ApiStatus status, String message) {
    this(status, message, List.of(), Map.of());
  }

  public static ApiException invalidField(String field, String reason) {
    return new ApiException(ApiStatus.INVALID_ARGUMENT, field + " " + reason,
        List.of(new FieldViolation(field, reason)), Map.of());
  }

  /** The same error, telling the caller when to try again. */
  public ApiException retryAfter(Duration delay) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put("Retry-After", Long.toString(retryAfterSeconds(delay)));
    return new ApiException(status, getMessage(), details, more);
  }

  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, getMessage(), details, more);
  }

  /** Whole seconds, rounded up, at least 1: Retry-After has no fractions and 0 invites a hot loop. */
  public static long retryAfterSeconds(Duration delay) {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      return 1;
    }
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  public ApiStatus status() {
    return status;
  }

  public List<FieldViolation> details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
