package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void startsFullAndRefillsWithTheClock() {
    TokenBucket bucket = new TokenBucket(2, 2, T0);
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isFalse();
    assertThat(bucket.nextTokenAt(T0)).isEqualTo(T0.plusMillis(500));
    assertThat(bucket.tryTake(T0.plusMillis(499))).isFalse();
    assertThat(bucket.tryTake(T0.plusMillis(500))).isTrue();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(1, 1, T0);
    Instant later = T0.plusSeconds(3600);
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isFalse();
  }

  @Test
  void burstFollowsTheRateUpToTheDefaultQueuesHundred() {
    assertThat(TokenBucket.burstFor(500)).isEqualTo(100);
    assertThat(TokenBucket.burstFor(5)).isEqualTo(5);
    assertThat(TokenBucket.burstFor(0.5)).isEqualTo(1);
  }
}
