package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * A queue's retry rules, as the RetryConfig reference states them: the interval starts at
 * {@code minBackoff}, doubles {@code maxDoublings} times, then grows linearly by the last doubled
 * interval, and is capped at {@code maxBackoff} (10s/300s/3 doublings gives 10, 20, 40, 80, 160,
 * 240, 300, 300 …). Retrying stops only when both {@code maxAttempts} (-1: unlimited) and
 * {@code maxRetryDuration} (zero: no time limit) are used up.
 */
record RetryPolicy(
    int maxAttempts, Duration maxRetryDuration, Duration minBackoff, Duration maxBackoff, int maxDoublings) {

  static RetryPolicy of(RetryConfig config) {
    return new RetryPolicy(
        config.getMaxAttempts(),
        toJava(config.getMaxRetryDuration()),
        toJava(config.getMinBackoff()),
        toJava(config.getMaxBackoff()),
        config.getMaxDoublings());
  }

  /** The wait before the next attempt, after {@code attemptsMade} (≥ 1) attempts failed. */
  Duration backoffAfter(int attemptsMade) {
    int retryIndex = Math.max(0, attemptsMade - 1);
    double minNanos = minBackoff.toNanos();
    double nanos;
    if (retryIndex <= maxDoublings) {
      nanos = minNanos * Math.pow(2, retryIndex);
    } else {
      nanos = minNanos * Math.pow(2, maxDoublings) * (retryIndex - maxDoublings + 1);
    }
    double capped = Math.min(nanos, maxBackoff.toNanos());
    return Duration.ofNanos(Math.round(capped));
  }

  /** True when the task must not be tried again. */
  boolean exhausted(int attemptsMade, Instant firstAttempt, Instant now) {
    boolean attemptsUsed = maxAttempts != -1 && attemptsMade >= maxAttempts;
    boolean timeUsed =
        maxRetryDuration.isZero() || !Duration.between(firstAttempt, now).minus(maxRetryDuration).isNegative();
    return attemptsUsed && timeUsed;
  }

  private static Duration toJava(com.google.protobuf.Duration d) {
    return Duration.ofNanos(Durations.toNanos(d));
  }
}
