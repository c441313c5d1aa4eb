package dev.veojobs.emulators.tasks;

import java.time.Duration;
import java.time.Instant;

/**
 * The token bucket behind a queue's max_dispatches_per_second, refilled by the emulator clock
 * (not the wall clock) so tests control the rate by advancing time. Not thread-safe: the task
 * store guards it.
 */
final class TokenBucket {
  private final double ratePerSecond;
  private final int capacity;
  private double tokens;
  private Instant refilledAt;

  TokenBucket(double ratePerSecond, int capacity, Instant now) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Cloud Tasks picks the burst from the rate; this mirrors the default queue (500/s → 100). */
  static int burstFor(double ratePerSecond) {
    return (int) Math.max(1, Math.min(100, Math.ceil(ratePerSecond)));
  }

  TokenBucket resized(double newRate, int newCapacity, Instant now) {
    refill(now);
    TokenBucket bucket = new TokenBucket(newRate, newCapacity, now);
    bucket.tokens = Math.min(tokens, newCapacity);
    return bucket;
  }

  boolean hasToken(Instant now) {
    refill(now);
    return tokens >= 1;
  }

  boolean tryTake(Instant now) {
    refill(now);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** When the next whole token will be there; {@code now} if one already is. */
  Instant nextTokenAt(Instant now) {
    refill(now);
    if (tokens >= 1) {
      return now;
    }
    double seconds = (1 - tokens) / ratePerSecond;
    return now.plus(Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
  }

  int capacity() {
    return capacity;
  }

  private void refill(Instant now) {
    if (now.isAfter(refilledAt)) {
      double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
      tokens = Math.min(capacity, tokens + elapsed * ratePerSecond);
      refilledAt = now;
    }
  }
}
