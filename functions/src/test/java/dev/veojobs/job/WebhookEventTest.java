package dev.veojobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookEventTest {

  /** The types receivers switch on (docs/api.md); a job owes the one matching how it ended. */
  @Test
  void eachWayOfEndingOwesItsOwnEventType() {
    assertThat(WebhookEvent.endedAs(JobStatus.COMPLETED).type()).isEqualTo("job.completed");
    assertThat(WebhookEvent.endedAs(JobStatus.FAILED).type()).isEqualTo("job.failed");
    assertThat(WebhookEvent.endedAs(JobStatus.CANCELED).type()).isEqualTo("job.canceled");
    assertThatThrownBy(() -> WebhookEvent.endedAs(JobStatus.PROCESSING)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookEvent.endedAs(JobStatus.PENDING)).isInstanceOf(IllegalArgumentException.class);
  }
}
