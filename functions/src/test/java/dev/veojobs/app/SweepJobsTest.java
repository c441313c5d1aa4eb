package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OPERATION;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.veojobs.app.StepResult.Kind;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepJobsTest {
  private static final String RAW = "gs://b/raw.mp4";
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final VideoModel veo = mock(VideoModel.class);
  private final SweepJobs sweeper = new SweepJobs(store, tasks, Fixtures.settings(), clock);

  private long round() {
    return clock.instant().toEpochMilli() / Duration.ofMinutes(5).toMillis();
  }

  @Test
  void aQueuedJobWithoutItsStartTaskGetsANewOneOnce() {
    store.put(TestJobs.job("job1").queued());
    clock.advance(Duration.ofMinutes(4));
    assertThat(sweeper.sweep().examined()).as("not stalled yet").isZero();

    clock.advance(Duration.ofMinutes(2));
    SweepReport report = sweeper.sweep();
    SweepReport again = sweeper.sweep();

    assertThat(report).isEqualTo(new SweepReport(1, 0, 1, 0, 0, 0, 0, 0, 0, 0));
    assertThat(again.examined()).isZero();
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-start-r" + round(), TaskTarget.WORKER,
        new TaskPayload("job1", TaskPayload.Step.START, 1, 0), null));
    assertThat(store.get("job1").updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aCrashedStartIsRedrivenAndReconciledBeforeANewAttemptPaysAgain() {
    store.put(TestJobs.job("job1").starting());
    when(veo.start(any())).thenReturn(OPERATION);
    StartGeneration start = new StartGeneration(store, tasks, veo, new InMemoryBlobStore(), image -> { },
        Fixtures.settings(), clock, () -> "token-redrive");
    clock.advance(Duration.ofMinutes(6));

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedStart()).isEqualTo(1);
    TaskRequest redrive = tasks.last();
    assertThat(redrive.name()).isEqualTo("job1-start-r" + round());
    assertThatThrownBy(() -> start.handle("job1", redrive.payload().attempt()))
        .as("the dead claimant may have reached Veo").isInstanceOf(RetryableFailure.class);

    clock.advance(StartGeneration.RECONCILE_WINDOW);
    assertThat(start.handle("job1", redrive.payload().attempt()).kind()).isEqualTo(Kind.DONE);
    assertThat(start.handle("job1", 1).reason()).as("the old task").isEqualTo(StepResult.Reason.ALREADY_STARTED);
    verify(veo, times(1)).start(any());
    assertThat(store.get("job1").attempt()).isEqualTo(2);
  }

  @Test
  void aLiveStartLeaseIsLeftAlone() {
    PipelineSettings s = Fixtures.settings();
    PipelineSettings longLease = new PipelineSettings(s.videoBucket(), s.jobDeadline(), s.pollFirstDelay(),
        s.pollInterval(), s.pollMaxInterval(), Duration.ofMinutes(10), s.sweepStallAfter(), s.signedUrlTtl(),
        s.admissionLimits(), s.adaptivePolling());
    store.put(TestJobs.job("job1").lease(Duration.ofMinutes(10)).starting());
    clock.advance(Duration.ofMinutes(6));

    SweepReport report = new SweepJobs(store, tasks, longLease, clock).sweep();

    assertThat(report.skipped()).isEqualTo(1);
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void aHealthyPollChainAndTheSweeperNeverLeaveTwoChains() {
    store.put(TestJobs.job("job1").generating());
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    PollGeneration poll = new PollGeneration(store, tasks, veo, mock(BlobStore.class), Fixtures.settings(), clock);

    // The old chain runs every poll as soon as it is due, for more than one stall window.
    TaskPayload next = Fixtures.poll("job1", 1, 1);
    clock.advance(Duration.ofSeconds(15));
    int highestOldPoll = 1;
    while (clock.instant().isBefore(T0.plus(Duration.ofMinutes(6)))) {
      poll.handle(next.jobId(), next.attempt(), next.poll());
      TaskRequest scheduled = tasks.last();
      next = scheduled.payload();
      highestOldPoll = next.poll();
      clock.advance(Duration.between(clock.instant(), scheduled.notBefore()));
    }

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedPolls()).isEqualTo(1);
    TaskRequest head = tasks.last();
    assertThat(head.name()).isEqualTo("job1-poll-" + head.payload().poll() + "-r" + round());
    assertThat(head.payload().poll()).isGreaterThan(highestOldPoll);
    assertThat(store.get("job1").pollCount()).isEqualTo(head.payload().poll());

    int tasksBefore = tasks.tasks().size();
    assertThat(poll.handle(next.jobId(), next.attempt(), next.poll()).reason()).as("old chain is stale")
        .isEqualTo(StepResult.Reason.STALE_POLL);
    assertThat(tasks.tasks()).hasSize(tasksBefore);
    assertThat(poll.handle("job1", head.payload().attempt(), head.payload().poll()).kind()).isEqualTo(Kind.DONE);
    assertThat(tasks.last().name()).isEqualTo("job1-poll-" + (head.payload().poll() + 1));
    assertThat(tasks.names()).doesNotHaveDuplicates();
  }

  @Test
  void aFinalizingJobGetsANewFinalizeTask() {
    store.put(TestJobs.job("job1").rawVideoUri("gs://b/raw.mp4").finalizing());
    clock.advance(Duration.ofMinutes(6));

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedFinalize()).isEqualTo(1);
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-finalize-r" + round(), TaskTarget.FINALIZER,
        new TaskPayload("job1", TaskPayload.Step.FINALIZE, 1, 0), null));
  }

  /** Issue 9 item 7: the deadline holds within one sweep, even for a job updated recently. */
  @Test
  void theDeadlineHoldsWithinOneSweepEvenForAJobThatIsNotStalled() {
    store.put(TestJobs.job("job1").at(T0.plus(Duration.ofMinutes(18))).generating());
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    clock.advance(Duration.ofMinutes(20));

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedPolls()).as("past the deadline, though updated two minutes ago").isEqualTo(1);
    TaskPayload head = tasks.last().payload();
    assertThat(poller().handle("job1", head.attempt(), head.poll()).kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(store.events("job1")).last().satisfies(e -> assertThat(e.data())
        .containsEntry("stage", "GENERATING").containsEntry("code", "DEADLINE_EXCEEDED"));
  }

  /**
   * Found by the chaos scenario with unreadable documents and Cloud Tasks refusing half the start
   * enqueues: a job whose start task was never enqueued stayed QUEUED five minutes past its
   * deadline, because the sweeper only enforced the deadline through a start task it could not
   * enqueue. A QUEUED job has no claim and no Veo call, so the sweeper fails it itself.
   */
  @Test
  void aQueuedJobPastItsDeadlineFailsWithinOneSweepEvenWhenCloudTasksRefuses() {
    store.put(TestJobs.job("job1").queued());
    clock.advance(Duration.ofMinutes(20));
    tasks.failNext(5);

    SweepReport report = sweeper.sweep();

    assertThat(report.failedDeadline()).isEqualTo(1);
    assertThat(report.errors()).isZero();
    assertThat(tasks.tasks()).as("no start task: there is nothing left to start").isEmpty();
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(store.events("job1")).last().satisfies(e -> assertThat(e.data())
        .containsEntry("stage", "QUEUED").containsEntry("code", "DEADLINE_EXCEEDED"));
  }

  @Test
  void aClaimedStartPastItsDeadlineIsStillReconciledThroughItsStartTask() {
    store.put(TestJobs.job("job1").starting());
    clock.advance(Duration.ofMinutes(20));

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedStart()).as("Veo may have accepted it: reconcile, never fail blind").isEqualTo(1);
    assertThat(store.get("job1").status()).isNotEqualTo(JobStatus.FAILED);
  }

  /** Issue 9 item 4: no job is failed for its deadline while its operation has finished. */
  @Test
  void pastTheDeadlineAVideoThatIsReadyIsFinishedNotThrownAway() {
    store.put(TestJobs.job("job1").generating());
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(
        List.of(new GeneratedVideo("gs://b/veo-output/job1/1/s/sample_0.mp4", null, "video/mp4"))));
    clock.advance(Duration.ofMinutes(21));

    sweeper.sweep();
    TaskPayload head = tasks.last().payload();
    poller().handle("job1", head.attempt(), head.poll());

    assertThat(store.get("job1").stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PROCESSING);
  }

  /** Issue 9 item 4: a failed enqueue of the new chain must not make the old chain stale. */
  @Test
  void whenTheNewChainCannotBeEnqueuedTheOldChainStaysValid() {
    store.put(TestJobs.job("job1").generating());
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    clock.advance(Duration.ofMinutes(6));
    tasks.failNext(1);

    SweepReport report = sweeper.sweep();

    assertThat(report.errors()).isEqualTo(1);
    assertThat(store.get("job1").pollCount()).as("chain head unchanged").isEqualTo(1);
    assertThat(poller().handle("job1", 1, 7).kind()).as("the old chain's next poll still runs").isEqualTo(Kind.DONE);
  }

  @Test
  void aFinalizingJobHasItsVideoAndFailsOnlyWellPastItsDeadline() {
    store.put(TestJobs.job("job1").rawVideoUri("gs://b/raw.mp4").finalizing());
    clock.advance(Duration.ofMinutes(25));
    assertThat(sweeper.sweep().restartedFinalize()).isEqualTo(1);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PROCESSING);

    clock.advance(SweepJobs.FINALIZE_GRACE);
    assertThat(sweeper.sweep().failedDeadline()).isEqualTo(1);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
  }

  @Test
  void pastItsDeadlineAFinalizingJobGetsItsFinalizeTaskAtOnceEvenIfRecentlyUpdated() {
    store.put(TestJobs.job("job1").at(T0.plus(Duration.ofMinutes(19))).rawVideoUri("gs://b/raw.mp4").finalizing());
    clock.advance(Duration.ofMinutes(20).plusSeconds(30));

    assertThat(sweeper.sweep().restartedFinalize()).isEqualTo(1);
    assertThat(tasks.names()).containsExactly("job1-finalize-r" + round());
  }

  /** Issue 9 item 6: an owed webhook whose scheduling was lost is re-driven, and given up after a day. */
  @Test
  void anOwedWebhookIsRedrivenUntilSettledAndGivenUpAfterADay() {
    store.put(TestJobs.job("job1").webhookUrl("https://hooks.example/h").canceled());
    clock.advance(Duration.ofMinutes(6));

    SweepReport report = sweeper.sweep();

    assertThat(report.redrivenWebhooks()).isEqualTo(1);
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-webhook-canceled-r" + round(), TaskTarget.WEBHOOKS,
        new TaskPayload("job1", TaskPayload.Step.WEBHOOK_CANCELED, 0, 0), null));
    assertThat(sweeper.sweep().redrivenWebhooks()).as("not again within a stall window").isZero();

    clock.advance(SweepJobs.WEBHOOK_GIVE_UP_AFTER);
    assertThat(sweeper.sweep().abandonedWebhooks()).isEqualTo(1);
    assertThat(store.get("job1").webhooksOwed()).isEmpty();
  }

  /** Issue 9 item 8: one job that breaks the sweep is counted; the pass goes on with the others. */
  @Test
  void oneJobThatBreaksTheSweepIsCountedAndThePassGoesOn() {
    store.put(TestJobs.job("job1").queued());
    store.put(TestJobs.job("job2").createdAt(T0.plusSeconds(1)).queued());
    clock.advance(Duration.ofMinutes(6));
    TaskQueue refusingJob1 = task -> {
      if (task.payload().jobId().equals("job1")) {
        throw new IllegalArgumentException("INVALID_ARGUMENT: task refused");
      }
      return tasks.enqueue(task);
    };
    JobStore withAnUnreadableDocument = mock(JobStore.class, org.mockito.Mockito.withSettings()
        .defaultAnswer(call -> call.getMethod().invoke(store, call.getArguments())));
    org.mockito.Mockito.doAnswer(call -> new SweepBatch(store.findStalled(call.getArgument(0), 10).jobs(), 1))
        .when(withAnUnreadableDocument).findStalled(any(Instant.class), anyInt());

    SweepReport report = new SweepJobs(withAnUnreadableDocument, refusingJob1, Fixtures.settings(), clock).sweep();

    assertThat(report.errors()).isEqualTo(1);
    assertThat(report.unreadable()).isEqualTo(1);
    assertThat(report.restartedStart()).isEqualTo(1);
    assertThat(tasks.names()).containsExactly("job2-start-r" + round());
  }

  private PollGeneration poller() {
    return new PollGeneration(store, tasks, veo, mock(BlobStore.class), Fixtures.settings(), clock);
  }

  /**
   * The query saw a stalled queued job; by the time the sweeper reads it again it has moved on to
   * GENERATING (no lease, so nothing else would turn it away). Re-driving it would start a second
   * poll chain for a healthy one.
   */
  @Test
  void aJobThatMovedSinceTheQueryIsSkipped() {
    Job stale = TestJobs.job("job1").queued();
    store.put(stale);
    clock.advance(Duration.ofMinutes(6));
    Job moved = TestJobs.from(stale).at(clock.instant()).generating();
    store.put(moved);
    JobStore snapshotQuery = mock(JobStore.class, org.mockito.Mockito.withSettings()
        .defaultAnswer(call -> call.getMethod().invoke(store, call.getArguments())));
    org.mockito.Mockito.doReturn(SweepBatch.of(List.of(stale))).when(snapshotQuery).findStalled(any(Instant.class), anyInt());

    SweepReport report = new SweepJobs(snapshotQuery, tasks, Fixtures.settings(), clock).sweep();

    assertThat(report.skipped()).isEqualTo(1);
    assertThat(tasks.attempts()).isEmpty();
    assertThat(store.get("job1")).isEqualTo(moved);
  }

  @Test
  void transientFailuresAreCountedAndTheJobIsFoundAgainLater() {
    store.put(TestJobs.job("job1").queued());
    store.put(TestJobs.job("job2").createdAt(T0.plusSeconds(1)).queued());
    clock.advance(Duration.ofMinutes(6));
    tasks.failNext(1);

    SweepReport first = sweeper.sweep();

    assertThat(first.examined()).isEqualTo(2);
    assertThat(first.errors()).isEqualTo(1);
    assertThat(store.get("job1").updatedAt()).as("nothing written for the job whose enqueue failed").isEqualTo(T0);

    SweepReport second = sweeper.sweep();
    assertThat(second.restartedStart()).as("job1, whose enqueue failed").isEqualTo(1);
    assertThat(tasks.names()).containsExactly("job2-start-r" + round(), "job1-start-r" + round());
    assertThat(store.get("job2").stage()).isEqualTo(JobStage.QUEUED);
  }
  /**
   * The new chain starts just past the last poll the old chain can have reached: one poll per
   * shortest gap (10 s here) since the chain began, plus the margin. Too low and two chains live
   * on; far too high only wastes numbers, but it is the same arithmetic.
   */
  @Test
  void aRestartedPollChainStartsJustPastWhatTheOldChainCanHaveReached() {
    Job chainAtOne = TestJobs.job("job1").generating();
    Job chainAtFive = chainAtOne.restartPolls(5, T0);
    Instant sixMinutesLater = T0.plus(Duration.ofMinutes(6));

    // 360 s / 10 s = 36 gaps, so polls 1..37 can exist; 37 + 1 + margin 2 = 40.
    assertThat(SweepJobs.nextChainStart(chainAtOne, sixMinutesLater, Fixtures.settings())).isEqualTo(40);
    assertThat(SweepJobs.nextChainStart(chainAtFive, sixMinutesLater, Fixtures.settings())).isEqualTo(44);
    assertThat(SweepJobs.nextChainStart(chainAtOne, T0.minusSeconds(30), Fixtures.settings()))
        .as("a clock behind the write counts no time").isEqualTo(4);
  }

  @Test
  void aBatchHoldsAtLeastOneJob() {
    assertThatThrownBy(() -> new SweepJobs(store, tasks, Fixtures.settings(), clock, 0))
        .isInstanceOf(IllegalArgumentException.class);
    store.put(TestJobs.job("job1").queued());
    store.put(TestJobs.job("job2").createdAt(T0.plusSeconds(1)).queued());
    clock.advance(Duration.ofMinutes(6));

    assertThat(new SweepJobs(store, tasks, Fixtures.settings(), clock, 1).sweep().restartedStart()).isEqualTo(1);
  }

  /** The chain moved on (here: the video was found) between the sweeper's read and its write. */
  @Test
  void aNewPollChainIsNotWrittenOverAJobThatMovedDuringTheEnqueue() {
    store.put(TestJobs.job("job1").generating());
    clock.advance(Duration.ofMinutes(6));
    TaskQueue finishingMeanwhile = task -> {
      store.put(store.get("job1").markFinalizing(RAW, clock.instant()));
      return tasks.enqueue(task);
    };

    SweepReport report = new SweepJobs(store, finishingMeanwhile, Fixtures.settings(), clock).sweep();

    assertThat(report.errors()).isZero();
    Job job = store.get("job1");
    assertThat(job.stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(job.pollCount()).isEqualTo(1);
  }

  @Test
  void aRedrivenFinalizeIsMarkedLookedAfterSoTheNextSweepsLeaveItAlone() {
    store.put(TestJobs.job("job1").rawVideoUri(RAW).finalizing());
    clock.advance(Duration.ofMinutes(6));

    assertThat(sweeper.sweep().restartedFinalize()).isEqualTo(1);
    assertThat(store.get("job1").updatedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofMinutes(4));
    assertThat(sweeper.sweep().examined()).isZero();
    assertThat(tasks.attempts()).hasSize(1);
  }

  @Test
  void aJobDeletedOrSettledSinceTheQueryIsSkipped() {
    Job owing = TestJobs.job("job1").webhookUrl("https://hooks.example/h").canceled();
    store.put(owing.webhookSettled(dev.veojobs.job.WebhookEvent.CANCELED, T0));
    Job deleted = TestJobs.job("gone").queued();
    clock.advance(Duration.ofMinutes(6));
    JobStore snapshotQuery = mock(JobStore.class, org.mockito.Mockito.withSettings()
        .defaultAnswer(call -> call.getMethod().invoke(store, call.getArguments())));
    org.mockito.Mockito.doReturn(SweepBatch.of(List.of(deleted))).when(snapshotQuery)
        .findStalled(any(Instant.class), anyInt());
    org.mockito.Mockito.doReturn(SweepBatch.of(List.of(owing))).when(snapshotQuery)
        .findOwedWebhooks(any(Instant.class), anyInt());

    SweepReport report = new SweepJobs(snapshotQuery, tasks, Fixtures.settings(), clock).sweep();

    assertThat(report).isEqualTo(new SweepReport(2, 0, 0, 0, 0, 0, 0, 2, 0, 0));
    assertThat(tasks.attempts()).isEmpty();
  }

  @Test
  void unreadableDocumentsOfEveryQueryAreCounted() {
    JobStore unreadable = mock(JobStore.class);
    when(unreadable.findPastDeadline(any(Instant.class), anyInt())).thenReturn(new SweepBatch(List.of(), 1));
    when(unreadable.findStalled(any(Instant.class), anyInt())).thenReturn(new SweepBatch(List.of(), 2));
    when(unreadable.findOwedWebhooks(any(Instant.class), anyInt())).thenReturn(new SweepBatch(List.of(), 4));

    assertThat(new SweepJobs(unreadable, tasks, Fixtures.settings(), clock).sweep().unreadable()).isEqualTo(7);
  }
}
