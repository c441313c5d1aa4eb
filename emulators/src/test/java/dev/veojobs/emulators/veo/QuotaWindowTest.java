package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaWindowTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void admitsUpToTheLimitInAnySlidingMinute() {
    QuotaWindow quota = new QuotaWindow();

    assertThat(quota.tryAdmit("veo", T0, 2)).isTrue();
    assertThat(quota.tryAdmit("veo", T0.plusSeconds(40), 2)).isTrue();
    assertThat(quota.tryAdmit("veo", T0.plusSeconds(59), 2)).isFalse();
    // The first request leaves the window after exactly a minute; the second still counts.
    assertThat(quota.tryAdmit("veo", T0.plusSeconds(60), 2)).isTrue();
    assertThat(quota.tryAdmit("veo", T0.plusSeconds(61), 2)).isFalse();
    assertThat(quota.tryAdmit("veo", T0.plusSeconds(100), 2)).isTrue();
  }

  @Test
  void rejectedRequestsDoNotUseQuota() {
    QuotaWindow quota = new QuotaWindow();
    quota.tryAdmit("veo", T0, 1);
    for (int i = 1; i < 10; i++) {
      assertThat(quota.tryAdmit("veo", T0.plusSeconds(i), 1)).isFalse();
    }

    assertThat(quota.tryAdmit("veo", T0.plusSeconds(60), 1)).isTrue();
  }

  @Test
  void zeroAdmitsNothingAndModelsHaveSeparateBudgets() {
    QuotaWindow quota = new QuotaWindow();

    assertThat(quota.tryAdmit("veo-a", T0, 0)).isFalse();
    assertThat(quota.tryAdmit("veo-a", T0, 1)).isTrue();
    assertThat(quota.tryAdmit("veo-b", T0, 1)).isTrue();
    assertThat(quota.tryAdmit("veo-a", T0, 1)).isFalse();
  }
}
