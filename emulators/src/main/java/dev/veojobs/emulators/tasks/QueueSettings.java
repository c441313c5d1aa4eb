package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.util.Durations;

/**
 * Validation and server-side defaults for a queue's rate limits and retry config. Proto3 cannot
 * tell "unset" from zero, so zero means "pick the default", as it does in production.
 */
final class QueueSettings {
  static final double DEFAULT_MAX_DISPATCHES_PER_SECOND = 500;
  static final int DEFAULT_MAX_CONCURRENT_DISPATCHES = 1000;
  static final int DEFAULT_MAX_ATTEMPTS = 100;
  static final int DEFAULT_MAX_DOUBLINGS = 16;
  static final com.google.protobuf.Duration DEFAULT_MIN_BACKOFF = Durations.fromMillis(100);
  static final com.google.protobuf.Duration DEFAULT_MAX_BACKOFF = Durations.fromSeconds(3600);

  private QueueSettings() {}

  /** Rejects values production rejects, before defaults fill the gaps. */
  static void validate(Queue queue) {
    RateLimits rate = queue.getRateLimits();
    if (rate.getMaxDispatchesPerSecond() < 0) {
      throw ApiErrors.invalid("RateLimits.maxDispatchesPerSecond cannot be negative.");
    }
    if (rate.getMaxDispatchesPerSecond() > 500) {
      throw ApiErrors.invalid("RateLimits.maxDispatchesPerSecond must be less than or equal to 500.");
    }
    if (rate.getMaxConcurrentDispatches() < 0) {
      throw ApiErrors.invalid("RateLimits.maxConcurrentDispatches cannot be negative.");
    }
    if (rate.getMaxConcurrentDispatches() > 5000) {
      throw ApiErrors.invalid("RateLimits.maxConcurrentDispatches must be less than or equal to 5000.");
    }
    RetryConfig retry = queue.getRetryConfig();
    if (retry.getMaxAttempts() < -1) {
      throw ApiErrors.invalid("RetryConfig.maxAttempts must be greater or equal to -1.");
    }
    if (retry.getMaxDoublings() < 0) {
      throw ApiErrors.invalid("RetryConfig.maxDoublings cannot be negative.");
    }
    if (Durations.isNegative(retry.getMinBackoff())) {
      throw ApiErrors.invalid("RetryConfig.minBackoff cannot be negative.");
    }
    if (Durations.isNegative(retry.getMaxBackoff())) {
      throw ApiErrors.invalid("RetryConfig.maxBackoff cannot be negative.");
    }
    if (Durations.isNegative(retry.getMaxRetryDuration())) {
      throw ApiErrors.invalid("RetryConfig.maxRetryDuration cannot be negative.");
    }
    RetryConfig withDefaults = withDefaults(retry);
    if (Durations.compare(withDefaults.getMinBackoff(), withDefaults.getMaxBackoff()) > 0) {
      throw ApiErrors.invalid(
          "RetryConfig.minBackoff must be less than or equal to RetryConfig.maxBackoff.");
    }
  }

  /** The queue as the API returns it: every knob filled in, the burst size derived from the rate. */
  static Queue withDefaults(Queue queue) {
    RateLimits rate = queue.getRateLimits();
    double perSecond =
        rate.getMaxDispatchesPerSecond() == 0 ? DEFAULT_MAX_DISPATCHES_PER_SECOND : rate.getMaxDispatchesPerSecond();
    RateLimits filledRate =
        RateLimits.newBuilder()
            .setMaxDispatchesPerSecond(perSecond)
            .setMaxBurstSize(TokenBucket.burstFor(perSecond))
            .setMaxConcurrentDispatches(
                rate.getMaxConcurrentDispatches() == 0
                    ? DEFAULT_MAX_CONCURRENT_DISPATCHES
                    : rate.getMaxConcurrentDispatches())
            .build();
    return queue.toBuilder()
        .setRateLimits(filledRate)
        .setRetryConfig(withDefaults(queue.getRetryConfig()))
        .build();
  }

  /**
   * Production truncates the caller's backoffs and retry duration to whole seconds (and echoes the
   * truncated values); a value truncated to zero then takes the default like an unset one.
   */
  private static RetryConfig withDefaults(RetryConfig given) {
    RetryConfig.Builder truncated = given.toBuilder();
    if (given.hasMinBackoff()) {
      truncated.setMinBackoff(wholeSeconds(given.getMinBackoff()));
    }
    if (given.hasMaxBackoff()) {
      truncated.setMaxBackoff(wholeSeconds(given.getMaxBackoff()));
    }
    if (given.hasMaxRetryDuration()) {
      truncated.setMaxRetryDuration(wholeSeconds(given.getMaxRetryDuration()));
    }
    RetryConfig retry = truncated.build();
    RetryConfig.Builder b = retry.toBuilder();
    if (retry.getMaxAttempts() == 0) {
      b.setMaxAttempts(DEFAULT_MAX_ATTEMPTS);
    }
    if (retry.getMaxDoublings() == 0) {
      b.setMaxDoublings(DEFAULT_MAX_DOUBLINGS);
    }
    if (!Durations.isPositive(retry.getMinBackoff())) {
      b.setMinBackoff(DEFAULT_MIN_BACKOFF);
    }
    if (!Durations.isPositive(retry.getMaxBackoff())) {
      b.setMaxBackoff(DEFAULT_MAX_BACKOFF);
    }
    if (!retry.hasMaxRetryDuration()) {
      b.setMaxRetryDuration(Durations.ZERO);
    }
    return b.build();
  }

  private static com.google.protobuf.Duration wholeSeconds(com.google.protobuf.Duration duration) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).build();
  }
}
