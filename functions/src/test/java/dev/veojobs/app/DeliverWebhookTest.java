package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliverWebhookTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final List<String> sent = new ArrayList<>();
  private final DeliverWebhook deliver = new DeliverWebhook(store, job -> {
    sent.add(job.id() + " " + job.status());
    throw new RetryableFailure("receiver answered 503", Duration.ofSeconds(30));
  });

  private void put(String id, String webhookUrl, boolean failed) {
    Job job = TestJobs.job(id).webhookUrl(webhookUrl).queued();
    store.put(failed ? job.fail(new JobError(ErrorCode.NO_VIDEO, "no video"), T0) : job);
  }

  @Test
  void sendsForAJobThatEndedAsTheTaskSaysAndPassesTheSendersRetryOn() {
    put("job1", "https://hooks.example.com/veo", true);

    assertThatThrownBy(() -> deliver.handle("job1", JobStatus.FAILED))
        .isInstanceOfSatisfying(RetryableFailure.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));

    assertThat(sent).containsExactly("job1 FAILED");
  }

  @Test
  void sendsNothingForMissingJobsOtherStatesOrJobsWithoutAUrl() {
    put("live", "https://hooks.example.com/veo", false);
    put("no-url", null, true);

    assertThat(deliver.handle("missing", JobStatus.FAILED).reason()).isEqualTo(StepResult.Reason.NOT_FOUND);
    assertThat(deliver.handle("live", JobStatus.FAILED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);
    assertThat(deliver.handle("no-url", JobStatus.FAILED).reason()).isEqualTo(StepResult.Reason.NO_WEBHOOK_URL);
    assertThat(deliver.handle("no-url", JobStatus.COMPLETED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);
    assertThatThrownBy(() -> deliver.handle("live", JobStatus.PENDING)).isInstanceOf(IllegalArgumentException.class);
    assertThat(sent).isEmpty();
  }
}
