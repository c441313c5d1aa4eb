package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SweepSchedulerTest {

  @Test
  void everyNMinutesIsUnderstoodAndAnythingElseRefusedByName() {
    assertThat(SweepScheduler.parse("*/2 * * * *", "f")).isEqualTo(Duration.ofMinutes(2));
    assertThat(SweepScheduler.parse(" */15 * * * * ", "f")).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> SweepScheduler.parse("0 * * * *", "scheduler.json"))
        .hasMessageContaining("sweep_schedule in scheduler.json must be \"*/N * * * *\"");
    assertThatThrownBy(() -> SweepScheduler.parse("*/7 * * * *", "f")).hasMessageContaining("N dividing 60");
  }

  @Test
  void sweepsFallOnTheMinutesTheScheduleNames() {
    Instant at = Instant.parse("2026-03-01T10:03:20Z");
    assertThat(SweepScheduler.nextSlotAfter(at, Duration.ofMinutes(2))).isEqualTo(Instant.parse("2026-03-01T10:04:00Z"));
    assertThat(SweepScheduler.nextSlotAfter(Instant.parse("2026-03-01T10:04:00Z"), Duration.ofMinutes(2)))
        .isEqualTo(Instant.parse("2026-03-01T10:06:00Z"));
  }
}
