package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockBridgeTest {
  @Test
  void publishesEverySkipUntilClosed() {
    EmulatorClock clock = EmulatorClock.system();
    try (ClockBridge bridge = ClockBridge.open(clock)) {
      assertThat(System.getProperty(ClockBridge.SKIPPED_MILLIS_PROPERTY)).isEqualTo("0");
      clock.advance(Duration.ofSeconds(90));
      clock.advance(Duration.ofMillis(250));
      assertThat(System.getProperty(ClockBridge.SKIPPED_MILLIS_PROPERTY)).isEqualTo("90250");
    }
    assertThat(System.getProperty(ClockBridge.SKIPPED_MILLIS_PROPERTY)).isNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(System.getProperty(ClockBridge.SKIPPED_MILLIS_PROPERTY)).isNull();
  }

  @Test
  void refusesAManualClockTheFunctionsCouldNotFollow() {
    assertThatThrownBy(() -> ClockBridge.open(EmulatorClock.manual(Instant.parse("2030-01-01T00:00:00Z"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EmulatorClock.system()");
  }
}
