package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OPERATION;
import static dev.veojobs.app.Fixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.veojobs.app.StepResult.Kind;
import dev.veojobs.app.StepResult.Reason;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollGenerationTest {
  private static final String RAW = "gs://" + BUCKET + "/veo-output/job1/1/123/sample_0.mp4";

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final VideoModel veo = mock(VideoModel.class);
  private final BlobStore blobs = mock(BlobStore.class);
  private final PollGeneration poll = new PollGeneration(store, tasks, veo, blobs, Fixtures.settings(), clock);

  PollGenerationTest() {
    store.put(generating());
    clock.advance(Duration.ofSeconds(15));
  }

  private static Job generating() {
    return TestJobs.job("job1").generating();
  }

  @Test
  void aRunningOperationSchedulesTheNextPollAndWritesNothing() {
    JobStore readOnly = mock(JobStore.class);
    when(readOnly.find("job1")).thenReturn(Optional.of(generating()));
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    PollGeneration pollWithMock = new PollGeneration(readOnly, tasks, veo, blobs, Fixtures.settings(), clock);

    StepResult result = pollWithMock.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    verify(readOnly, never()).update(anyString(), any());
    verify(readOnly, never()).create(any(), any());
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-poll-2", TaskTarget.WORKER,
        new TaskPayload("job1", TaskPayload.Step.POLL, 1, 2), clock.instant().plusSeconds(10)));
  }

  @Test
  void pollsGrowApartUpToTheMaximumInterval() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    Instant now = clock.instant();

    for (int n = 1; n <= 6; n++) {
      poll.handle("job1", 1, n);
    }

    assertThat(tasks.tasks()).extracting(t -> Duration.between(now, t.notBefore()).toMillis())
        .containsExactly(10_000L, 15_000L, 22_500L, 30_000L, 30_000L, 30_000L);
    assertThat(tasks.names()).containsExactly("job1-poll-2", "job1-poll-3", "job1-poll-4", "job1-poll-5",
        "job1-poll-6", "job1-poll-7");
    assertThat(store.updateCalls()).isZero();
  }

  @Test
  void aVideoInStorageMovesTheJobToFinalizing() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(List.of(
        new GeneratedVideo(RAW, null, "video/mp4"), new GeneratedVideo(RAW + "2", null, "video/mp4"))));

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(job.rawVideoUri()).isEqualTo(RAW);
    // Issue 11 item 3: every sample is kept, not only the first.
    assertThat(job.rawVideoUris()).containsExactly(RAW, RAW + "2");
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-finalize", TaskTarget.FINALIZER,
        new TaskPayload("job1", TaskPayload.Step.FINALIZE, 1, 0), null));
    verifyNoInteractions(blobs);
    verify(veo, never()).start(any());
  }

  @Test
  void inlineVideoBytesAreUploadedSoTheFinalizerAlwaysCopies() {
    byte[] mp4 = {0, 0, 0, 24, 'f', 't', 'y', 'p'};
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(List.of(new GeneratedVideo(null, mp4, null))));
    String uploaded = "gs://" + BUCKET + "/veo-output/job1/1/sample_0.mp4";
    when(blobs.upload(mp4, "video/mp4", BUCKET, "veo-output/job1/1/sample_0.mp4")).thenReturn(uploaded);

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").rawVideoUri()).isEqualTo(uploaded);
  }

  @Test
  void inlineSamplesAreUploadedEachUnderItsOwnName() {
    byte[] first = {0, 0, 0, 24, 'f', 't', 'y', 'p', 1};
    byte[] second = {0, 0, 0, 24, 'f', 't', 'y', 'p', 2};
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(List.of(
        new GeneratedVideo(null, first, null), new GeneratedVideo(null, second, null))));
    when(blobs.upload(first, "video/mp4", BUCKET, "veo-output/job1/1/sample_0.mp4")).thenReturn("gs://b/s0");
    when(blobs.upload(second, "video/mp4", BUCKET, "veo-output/job1/1/sample_1.mp4")).thenReturn("gs://b/s1");

    assertThat(poll.handle("job1", 1, 1).kind()).isEqualTo(Kind.DONE);

    assertThat(store.get("job1").rawVideoUris()).containsExactly("gs://b/s0", "gs://b/s1");
  }

  @Test
  void safetyFilteringFailsTheJobWithAReadableMessage() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.SafetyFiltered(1, List.of("Contains violence.")));

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.SAFETY_FILTERED);
    assertThat(job.error().message()).isEqualTo("The video was blocked by Veo's safety filters (1 filtered)."
        + " Try rephrasing the prompt. Reasons: Contains violence.");
    JobEvent event = store.events("job1").get(0);
    assertThat(event.type()).isEqualTo("job.failed");
    assertThat(event.data()).containsEntry("code", "SAFETY_FILTERED").containsEntry("stage", "GENERATING")
        .containsEntry("attempts", 1).containsEntry("failed_at", clock.instant().toString());
    assertThat(tasks.tasks()).isEmpty();
    verify(veo, never()).start(any());
  }

  @Test
  void everyOtherFinishedOutcomeFailsWithItsOwnCodeAndNeverRestartsVeo() {
    assertFailsWith(new OperationState.NoVideo(), ErrorCode.NO_VIDEO);
    assertFailsWith(new OperationState.Failed(13, "internal error"), ErrorCode.GENERATION_FAILED);
    assertFailsWith(new OperationState.NotFound(), ErrorCode.OPERATION_NOT_FOUND);
    assertFailsWith(new OperationState.Succeeded(List.of(new GeneratedVideo(null, null, "video/mp4"))),
        ErrorCode.NO_VIDEO);
  }

  private void assertFailsWith(OperationState state, ErrorCode code) {
    store.put(generating());
    when(veo.poll(OPERATION)).thenReturn(state);

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).as("%s", state).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).as("%s", state).isEqualTo(code);
    assertThat(tasks.tasks()).as("%s", state).isEmpty();
    verify(veo, never()).start(any());
  }

  @Test
  void aFailedOperationsMessageIsSanitized() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Failed(3, "bad request for projects/p/x"));
    poll.handle("job1", 1, 1);
    assertThat(store.get("job1").error().message()).isEqualTo("Veo could not generate the video (code 3):"
        + " bad request for [resource]");
  }

  @Test
  void quotaErrorsWhilePollingRetryAndLeaveTheJobAlone() {
    when(veo.poll(OPERATION)).thenThrow(new RetryableFailure("429"));

    assertThatThrownBy(() -> poll.handle("job1", 1, 1)).isInstanceOf(RetryableFailure.class);
    assertThat(store.get("job1")).isEqualTo(generating());
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void pastTheDeadlineAStillRunningOperationFailsTheJob() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    clock.advance(Duration.ofMinutes(20));

    StepResult result = poll.handle("job1", 1, 40);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(tasks.tasks()).as("no next poll").isEmpty();
  }

  /** Issue 9 item 4: the operation is looked at once before the deadline fails the job. */
  @Test
  void pastTheDeadlineAVideoThatIsReadyIsStillFinished() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(
        java.util.List.of(new GeneratedVideo("gs://b/veo-output/job1/1/s/sample_0.mp4", null, "video/mp4"))));
    clock.advance(Duration.ofMinutes(20));

    poll.handle("job1", 1, 40);

    assertThat(store.get("job1").stage()).isEqualTo(JobStage.FINALIZING);
  }

  @Test
  void aCanceledJobStopsThePollChain() {
    new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock).cancel(OWNER, "job1");

    StepResult result = poll.handle("job1", 1, 3);

    assertThat(result.reason()).isEqualTo(Reason.JOB_TERMINAL);
    assertThat(tasks.tasks()).isEmpty();
    verifyNoInteractions(veo);
  }

  @Test
  void aJobCanceledWhileVeoFinishesIsNotFinalized() {
    CancelJob cancel = new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock);
    when(veo.poll(OPERATION)).thenAnswer(call -> {
      cancel.cancel(OWNER, "job1");
      return new OperationState.Succeeded(List.of(new GeneratedVideo(RAW, null, "video/mp4")));
    });

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void pollsOfAnOlderChainOrAttemptAreStale() {
    store.put(generating().restartPolls(12, clock.instant()));

    assertThat(poll.handle("job1", 1, 11).reason()).isEqualTo(Reason.STALE_POLL);
    assertThat(poll.handle("job1", 2, 12).reason()).isEqualTo(Reason.STALE_POLL);
    assertThat(poll.handle("job1", 1, 0).reason()).isEqualTo(Reason.MALFORMED_TASK);
    assertThat(poll.handle("nope", 1, 12).reason()).isEqualTo(Reason.NOT_FOUND);
    verifyNoInteractions(veo);
  }

  @Test
  void aPollFindingTheJobFinalizingMakesSureTheFinalizeTaskExists() {
    store.put(generating().markFinalizing(RAW, clock.instant()));

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.reason()).isEqualTo(Reason.ALREADY_FINALIZING);
    assertThat(tasks.names()).containsExactly("job1-finalize");
    verifyNoInteractions(veo);
  }

  @Test
  void whenTheFinalizeTaskCannotBeEnqueuedTheRetryEnqueuesIt() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(List.of(new GeneratedVideo(RAW, null, null))));
    tasks.failNext(1);

    assertThatThrownBy(() -> poll.handle("job1", 1, 1)).isInstanceOf(RetryableFailure.class);
    StepResult retry = poll.handle("job1", 1, 1);

    assertThat(retry.reason()).isEqualTo(Reason.ALREADY_FINALIZING);
    assertThat(tasks.names()).containsExactly("job1-finalize");
  }

  @Test
  void aLostEnqueueOfTheNextPollIsRetried() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Running());
    tasks.failNext(1);

    assertThatThrownBy(() -> poll.handle("job1", 1, 1)).isInstanceOf(RetryableFailure.class);
    assertThat(poll.handle("job1", 1, 1).kind()).isEqualTo(Kind.DONE);
    assertThat(tasks.names()).containsExactly("job1-poll-2");
  }

  /** Found by ./dev chaos: a lost commit answer made the rerun see FINALIZING and skip the finalize task. */
  @Test
  void whenTheFinalizingCommitsAnswerIsLostTheRerunStillSchedulesTheFinalize() {
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(
        java.util.List.of(new GeneratedVideo("gs://b/veo-output/job1/1/s/sample_0.mp4", null, "video/mp4"))));
    store.rerunNextUpdatesAfterCommit(1);

    StepResult result = poll.handle("job1", 1, 3);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(tasks.names()).containsExactly("job1-finalize");
  }
  @Test
  void aZeroByteInlineVideoFailsAsNoVideoInsteadOfBeingFinalized() {
    when(veo.poll(OPERATION)).thenReturn(
        new OperationState.Succeeded(List.of(new GeneratedVideo(null, new byte[0], "video/mp4"))));

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.NO_VIDEO);
    verify(blobs, never()).upload(any(), anyString(), anyString(), anyString());
    assertThat(tasks.attempts()).isEmpty();
  }

  @Test
  void inlineBytesThatCanNeverBeStoredFailTheJobAsFinalizeFailed() {
    byte[] mp4 = {0, 0, 0, 24, 'f', 't', 'y', 'p'};
    when(veo.poll(OPERATION)).thenReturn(new OperationState.Succeeded(List.of(new GeneratedVideo(null, mp4, null))));
    when(blobs.upload(any(), anyString(), anyString(), anyString())).thenThrow(
        new dev.veojobs.job.PermanentFailure(dev.veojobs.job.JobErrors.finalizeFailed(), null));

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.FINALIZE_FAILED);
    assertThat(tasks.attempts()).isEmpty();
  }

  /** The "still ours" guard before failing: an outcome that arrives after a cancel leaves the job canceled. */
  @Test
  void aFailureReportedForAJobCanceledMeanwhileLeavesItCanceled() {
    CancelJob cancel = new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock);
    when(veo.poll(OPERATION)).thenAnswer(call -> {
      cancel.cancel(OWNER, "job1");
      return new OperationState.NoVideo();
    });

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.get("job1").error()).isNull();
  }

  @Test
  void aPollForAJobThatHasNotStartedGeneratingIsTurnedAway() {
    store.put(TestJobs.job("job2").starting());

    StepResult result = poll.handle("job2", 1, 1);

    assertThat(result.reason()).isEqualTo(Reason.WRONG_STAGE);
    verifyNoInteractions(veo);
  }
  /** The "still ours" guard is "generating this attempt", not only "not ended": a finalizing job is not failed. */
  @Test
  void aFailureReportedAfterAnotherPollFoundTheVideoLeavesTheJobFinalizing() {
    when(veo.poll(OPERATION)).thenAnswer(call -> {
      store.put(store.get("job1").markFinalizing(RAW, clock.instant()));
      return new OperationState.NotFound();
    });

    StepResult result = poll.handle("job1", 1, 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(store.get("job1").error()).isNull();
  }
}
