package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static RetryPolicy policy(int attempts, Duration maxRetry, long minS, long maxS, int doublings) {
    return new RetryPolicy(attempts, maxRetry, Duration.ofSeconds(minS), Duration.ofSeconds(maxS), doublings);
  }

  private static long[] backoffs(RetryPolicy p, int count) {
    return IntStream.rangeClosed(1, count).mapToLong(n -> p.backoffAfter(n).toSeconds()).toArray();
  }

  @Test
  void followsTheReferenceDocExample() {
    // RetryConfig reference: min 10s, max 300s, 3 doublings → 10, 20, 40, 80, 160, 240, 300, 300.
    assertThat(backoffs(policy(100, Duration.ZERO, 10, 300, 3), 8))
        .containsExactly(10, 20, 40, 80, 160, 240, 300, 300);
  }

  @Test
  void doublesThenGrowsLinearlyThenCaps() {
    assertThat(backoffs(policy(100, Duration.ZERO, 1, 10, 2), 7)).containsExactly(1, 2, 4, 8, 10, 10, 10);
  }

  @Test
  void zeroDoublingsGrowLinearlyFromTheStart() {
    assertThat(backoffs(policy(100, Duration.ZERO, 5, 100, 0), 4)).containsExactly(5, 10, 15, 20);
  }

  @Test
  void hugeDoublingsStayCapped() {
    assertThat(policy(-1, Duration.ZERO, 1, 3600, 1000).backoffAfter(2000)).isEqualTo(Duration.ofSeconds(3600));
  }

  @Test
  void defaultQueueStartsAtATenthOfASecond() {
    RetryPolicy p = new RetryPolicy(100, Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(3600), 16);
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void stopsOnlyWhenAttemptsAndDurationAreBothUsedUp() {
    RetryPolicy p = policy(3, Duration.ofSeconds(60), 1, 10, 2);
    assertThat(p.exhausted(3, T0, T0.plusSeconds(59))).as("time left").isFalse();
    assertThat(p.exhausted(2, T0, T0.plusSeconds(120))).as("attempts left").isFalse();
    assertThat(p.exhausted(3, T0, T0.plusSeconds(60))).isTrue();
  }

  @Test
  void zeroRetryDurationMeansAttemptsAlone() {
    RetryPolicy p = policy(3, Duration.ZERO, 1, 10, 2);
    assertThat(p.exhausted(2, T0, T0)).isFalse();
    assertThat(p.exhausted(3, T0, T0)).isTrue();
  }

  @Test
  void unlimitedAttemptsNeverStop() {
    assertThat(policy(-1, Duration.ZERO, 1, 10, 2).exhausted(10_000, T0, T0.plusSeconds(1_000_000))).isFalse();
  }
}
