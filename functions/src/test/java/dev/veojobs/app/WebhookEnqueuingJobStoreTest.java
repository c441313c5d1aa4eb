package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.JobError;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookEnqueuingJobStoreTest {
  private static final JobError ERROR = new JobError(ErrorCode.GENERATION_FAILED, "Veo could not generate the video.");

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore inner = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final WebhookEnqueuingJobStore store = new WebhookEnqueuingJobStore(inner, tasks);

  private void put(String id, String webhookUrl) {
    inner.put(TestJobs.job(id).webhookUrl(webhookUrl).queued());
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
    store.update("job3", job -> Decision.write(job.claimStart("t1", clock.instant(), Duration.ofMinutes(3)),
        JobEvents.started(job), true));

    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void aCancelSchedulesTheCanceledWebhook() {
    put("job4", "https://hooks.example.com/veo");

    store.update("job4", job -> Decision.write(job.cancel(clock.instant()), null, true));

    assertThat(tasks.names()).containsExactly("job4-webhook-canceled");
  }

  @Test
  void whenSchedulingFailsTheWriteStandsAndTheJobStillOwesTheWebhook() {
    put("job5", "https://hooks.example.com/veo");
    tasks.failNext(1);

    assertThat(fail("job5")).isTrue();

    assertThat(tasks.tasks()).isEmpty();
    assertThat(inner.get("job5").owesWebhook(dev.veojobs.job.WebhookEvent.FAILED)).as("left for the sweeper").isTrue();
  }
}
