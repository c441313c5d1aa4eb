package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatencyJitterTest {
  @Test
  void eachOperationGetsALatencyWithinTheJitterBand() {
    VeoEmulator veo = VeoEmulator.builder()
        .latency(Duration.ofSeconds(6)).latencyJitter(Duration.ofSeconds(2)).build();
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration latency = veo.latencyOfNewOperation();
      assertThat(latency).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
      seen.add(latency);
    }
    assertThat(seen).hasSizeGreaterThan(10);
  }

  @Test
  void jitterNeverMakesALatencyNegative() {
    VeoEmulator veo = VeoEmulator.builder()
        .latency(Duration.ofMillis(100)).latencyJitter(Duration.ofSeconds(5)).build();
    for (int i = 0; i < 200; i++) {
      assertThat(veo.latencyOfNewOperation()).isGreaterThanOrEqualTo(Duration.ZERO);
    }
  }

  @Test
  void withoutJitterTheLatencyIsExact() {
    VeoEmulator veo = VeoEmulator.builder().latency(Duration.ofSeconds(6)).build();
    assertThat(veo.latencyOfNewOperation()).isEqualTo(Duration.ofSeconds(6));
  }
}
