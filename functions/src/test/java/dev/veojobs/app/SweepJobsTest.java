package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OPERATION;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
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
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepJobsTest {
  private static final Duration LEASE = Duration.ofMinutes(2);
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

    assertThat(report).isEqualTo(new SweepReport(1, 0, 1, 0, 0, 0, 0));
    assertThat(again.examined()).isZero();
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-start-r" + round(), TaskTarget.WORKER,
        new TaskPayload("job1", TaskPayload.Step.START, 1, 0), null));
    assertThat(store.get("job1").updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aCrashedStartIsRedrivenWithANewAttemptThatFencesTheOldTask() {
    store.put(TestJobs.job("job1").starting());
    when(veo.start(any())).thenReturn(OPERATION);
    StartGeneration start = new StartGeneration(store, tasks, veo, image -> { }, Fixtures.settings(), clock);
    clock.advance(Duration.ofMinutes(6));

    SweepReport report = sweeper.sweep();

    assertThat(report.restartedStart()).isEqualTo(1);
    TaskRequest redrive = tasks.last();
    assertThat(redrive.name()).isEqualTo("job1-start-r" + round());
    assertThat(redrive.payload().attempt()).isEqualTo(2);

    assertThat(start.handle("job1", redrive.payload().attempt()).kind()).isEqualTo(Kind.DONE);
    assertThat(start.handle("job1", 1).reason()).as("old task is stale").isEqualTo(StepResult.Reason.STALE_ATTEMPT);
    verify(veo, times(1)).start(any());
    assertThat(store.get("job1").attempt()).isEqualTo(2);
  }

  @Test
  void aLiveStartLeaseIsLeftAlone() {
    PipelineSettings s = Fixtures.settings();
    PipelineSettings longLease = new PipelineSettings(s.videoBucket(), s.jobDeadline(), s.pollFirstDelay(),
        s.pollInterval(), s.pollMaxInterval(), Duration.ofMinutes(10), s.sweepStallAfter(), s.signedUrlTtl(),
        s.admissionLimits());
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

  @Test
  void aJobPastItsDeadlineFailsWithDeadlineExceeded() {
    store.put(TestJobs.job("job1").generating());
    clock.advance(Duration.ofMinutes(21));

    SweepReport report = sweeper.sweep();

    assertThat(report.failedDeadline()).isEqualTo(1);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(store.events("job1")).singleElement().satisfies(e -> assertThat(e.data())
        .containsEntry("stage", "GENERATING").containsEntry("code", "DEADLINE_EXCEEDED"));
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void aJobThatMovedSinceTheQueryIsSkipped() {
    Job stale = TestJobs.job("job1").queued();
    store.put(stale);
    clock.advance(Duration.ofMinutes(6));
    store.put(stale.claimStart(1, clock.instant(), LEASE));
    JobStore snapshotQuery = mock(JobStore.class);
    when(snapshotQuery.findStalled(any(Instant.class), anyInt())).thenReturn(List.of(stale));
    when(snapshotQuery.update(anyString(), any())).thenAnswer(call -> store.update(call.getArgument(0), call.getArgument(1)));

    SweepReport report = new SweepJobs(snapshotQuery, tasks, Fixtures.settings(), clock).sweep();

    assertThat(report.skipped()).isEqualTo(1);
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void transientFailuresAreCountedAndTheJobIsFoundAgainLater() {
    store.put(TestJobs.job("job1").queued());
    store.put(TestJobs.job("job2").createdAt(T0.plusSeconds(1)).queued());
    clock.advance(Duration.ofMinutes(6));
    store.failNextUpdates(1);
    tasks.failNext(1);

    SweepReport first = sweeper.sweep();

    assertThat(first.examined()).isEqualTo(2);
    assertThat(first.errors()).isEqualTo(2);
    assertThat(tasks.tasks()).isEmpty();

    SweepReport second = sweeper.sweep();
    assertThat(second.restartedStart()).as("job1, whose update failed").isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    SweepReport third = sweeper.sweep();
    assertThat(third.restartedStart()).as("both, once the touched job2 is stalled again").isEqualTo(2);
    assertThat(tasks.names()).doesNotHaveDuplicates().allMatch(n -> n.matches("job[12]-start-r\\d+"));
    assertThat(store.get("job2").stage()).isEqualTo(JobStage.QUEUED);
  }
}
