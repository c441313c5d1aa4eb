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

  /** Issue 11 item 6: "started" is scheduled when Veo accepted, and only the selected events ever are. */
  @Test
  void onlyTheSelectedEventsAreScheduledStartedWhenVeoAccepted() {
    dev.veojobs.job.JobRequest base = TestJobs.request();
    inner.put(TestJobs.job("job5").request(new dev.veojobs.job.JobRequest(base.prompt(), null, base.model(), null,
        base.parameters(), null, null, "https://hooks.example.com/veo",
        java.util.EnumSet.of(dev.veojobs.job.WebhookEvent.STARTED, dev.veojobs.job.WebhookEvent.COMPLETED))).queued());

    store.update("job5", job -> Decision.write(job.claimStart("t1", clock.instant(), Duration.ofMinutes(3)), null, true));
    store.update("job5", job -> Decision.write(job.recordOperation("ops/1", clock.instant()), null, true));
    fail("job5");

    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job5-webhook-started", TaskTarget.WEBHOOKS,
        new TaskPayload("job5", TaskPayload.Step.WEBHOOK_STARTED, 0, 0), null));
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
  /** The wrapper only adds webhooks to writes: every read and the create answer as the store itself does. */
  @Test
  void readsAndCreatesAreTheStoresOwn() {
    dev.veojobs.job.Job job = TestJobs.job("job1").webhookUrl("https://hooks.example.com/veo").queued();
    assertThat(store.create(job, AdmissionLimits.NONE)).isEqualTo(new CreateOutcome.Created(job));
    clock.advance(Duration.ofMinutes(10));
    java.time.Instant later = clock.instant();

    assertThat(store.find("job1")).contains(job);
    assertThat(store.list(new JobQuery(TestJobs.OWNER, null, null, 10, null)))
        .isEqualTo(inner.list(new JobQuery(TestJobs.OWNER, null, null, 10, null)));
    assertThat(store.latestForNode(TestJobs.OWNER, "node-1")).contains(job);
    assertThat(store.findStalled(later, 10).jobs()).containsExactly(job);
    assertThat(store.findPastDeadline(later.plus(Duration.ofHours(1)), 10).jobs()).containsExactly(job);
    assertThat(store.findOwedWebhooks(later, 10)).isEqualTo(inner.findOwedWebhooks(later, 10));
    assertThat(tasks.attempts()).isEmpty();
  }
}
