package dev.veojobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FunctionClockTest {
  @AfterEach
  void clear() {
    System.clearProperty(FunctionClock.SKIPPED_MILLIS_PROPERTY);
  }

  @Test
  void withoutThePropertyItIsTheSystemClock() {
    Instant before = Instant.now();
    Instant now = FunctionClock.get().instant();
    assertThat(now).isBetween(before, Instant.now());
  }

  @Test
  void followsTheSkipTheLocalStackPublishesAtEveryRead() {
    System.setProperty(FunctionClock.SKIPPED_MILLIS_PROPERTY, "600000");
    Instant before = Instant.now().plus(Duration.ofMinutes(10));
    Instant now = FunctionClock.get().instant();
    assertThat(now).isBetween(before, Instant.now().plus(Duration.ofMinutes(10)));

    System.setProperty(FunctionClock.SKIPPED_MILLIS_PROPERTY, "1200000");
    assertThat(FunctionClock.get().instant()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aMalformedOrNegativeValueCountsAsNoSkip() {
    System.setProperty(FunctionClock.SKIPPED_MILLIS_PROPERTY, "soon");
    assertThat(FunctionClock.skippedMillis()).isZero();
    System.setProperty(FunctionClock.SKIPPED_MILLIS_PROPERTY, "-5");
    assertThat(FunctionClock.skippedMillis()).isZero();
  }
}
