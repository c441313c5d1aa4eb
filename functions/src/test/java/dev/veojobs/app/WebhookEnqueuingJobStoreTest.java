package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobRequestParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookEnqueuingJobStoreTest {
  private static final JobError ERROR = new JobError(ErrorCode.GENERATION_FAILED, "Veo could not generate the video.");

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore inner = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final WebhookEnqueuingJobStore store = new WebhookEnqueuingJobStore(inner, tasks);

  private void put(String id, String webhookUrl) {
    JobRequest plain = Fixtures.request();
    JobRequest request = new JobRequest(plain.prompt(), plain.negativePrompt(), plain.model(), plain.image(),
        plain.parameters(), plain.nodeId(), plain.projectId(), webhookUrl);
    inner.put(Job.newJob(id, OWNER, request, T0, T0.plus(Duration.ofMinutes(20)), null,
        JobRequestParser.fingerprint(request)));
  }

  private boolean fail(String id) {
    return FailJob.failIf(store, id, job -> true, ERROR, clock.instant());
  }

  @Test
  void theWriteThatFailsAJobSchedulesItsWebhookOnceUnderADeterministicName() {
    put("job1", "https://hooks.example.com/veo");

    assertThat(fail("job1")).isTrue();
    assertThat(fail("job1")).isFalse();

    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-webhook-failed", TaskTarget.WEBHOOKS,
        new TaskPayload("job1", TaskPayload.Step.WEBHOOK_FAILED, 0, 0), null));
  }

  @Test
  void jobsWithoutAWebhookUrlAndOtherWritesScheduleNothing() {
    put("job2", null);
    put("job3", "https://hooks.example.com/veo");

    fail("job2");
    store.update("job3", job -> Decision.write(job.claimStart(1, clock.instant(), Duration.ofMinutes(2)),
        JobEvents.started(job), true));

    assertThat(tasks.tasks()).isEmpty();
  }
}
