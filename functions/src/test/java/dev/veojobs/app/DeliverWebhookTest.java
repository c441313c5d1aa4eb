package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.TestJobs;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliverWebhookTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final List<String> sent = new ArrayList<>();
  private final DeliverWebhook deliver = new DeliverWebhook(store, (job, event) -> {
    sent.add(job.id() + " " + event);
    return StepResult.retry("receiver answered 503", Duration.ofSeconds(30));
  });

  private void put(String id, String webhookUrl, boolean failed) {
    Job job = TestJobs.job(id).webhookUrl(webhookUrl).queued();
    store.put(failed ? job.fail(new JobError(ErrorCode.NO_VIDEO, "no video"), T0) : job);
  }

  private static TaskPayload failedEvent(String id) {
    return new TaskPayload(id, TaskPayload.Step.WEBHOOK_FAILED, 0, 0);
  }

  @Test
  void sendsForAJobThatEndedAsTheTaskSaysAndPassesTheSendersRetryOn() {
    put("job1", "https://hooks.example.com/veo", true);

    StepResult result = deliver.handle(failedEvent("job1"));

    assertThat(sent).containsExactly("job1 WEBHOOK_FAILED");
    assertThat(result.kind()).isEqualTo(StepResult.Kind.RETRY);
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void sendsNothingForMissingJobsOtherStatesOrJobsWithoutAUrl() {
    put("live", "https://hooks.example.com/veo", false);
    put("no-url", null, true);

    assertThat(deliver.handle(failedEvent("missing")).kind()).isEqualTo(StepResult.Kind.IGNORED);
    assertThat(deliver.handle(failedEvent("live")).kind()).isEqualTo(StepResult.Kind.IGNORED);
    assertThat(deliver.handle(failedEvent("no-url")).kind()).isEqualTo(StepResult.Kind.IGNORED);
    assertThat(deliver.handle(new TaskPayload("live", TaskPayload.Step.START, 1, 0)).kind())
        .isEqualTo(StepResult.Kind.IGNORED);
    assertThat(sent).isEmpty();
  }
}
