package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OPERATION;
import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.veojobs.app.StepResult.Kind;
import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class StartGenerationTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final VideoModel veo = mock(VideoModel.class);
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private int tokens;
  private final StartGeneration start = new StartGeneration(store, tasks, veo, blobs, image -> { }, Fixtures.settings(),
      clock, () -> "token-" + (++tokens));

  StartGenerationTest() {
    store.put(TestJobs.job("job1").queued());
  }

  @Test
  void aStartClaimsTheJobStartsVeoRecordsTheOperationAndSchedulesTheFirstPoll() {
    when(veo.start(any())).thenReturn(OPERATION);

    StepResult result = start.handle("job1", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    ArgumentCaptor<VideoGenerationRequest> sent = ArgumentCaptor.forClass(VideoGenerationRequest.class);
    verify(veo).start(sent.capture());
    assertThat(sent.getValue().outputUri()).isEqualTo("gs://" + BUCKET + "/veo-output/job1/1/");
    assertThat(sent.getValue().prompt()).isEqualTo(Fixtures.request().prompt());
    assertThat(sent.getValue().parameters()).isEqualTo(Fixtures.request().parameters());
    assertThat(sent.getValue().model()).isEqualTo("veo-3.1-fast-generate-001");

    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(job.stage()).isEqualTo(JobStage.GENERATING);
    assertThat(job.operationName()).isEqualTo(OPERATION);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.startedAt()).isEqualTo(T0);
    assertThat(store.eventTypes("job1")).containsExactly("job.started");
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(1, 0, 0));
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-poll-1", TaskTarget.WORKER,
        new TaskPayload("job1", TaskPayload.Step.POLL, 1, 1), T0.plusSeconds(15)));
  }

  /** Issue 11 item 2: a job stored without parameters (an older version, a migration) starts with the defaults. */
  @Test
  void aJobStoredWithoutParametersOrModelStartsWithTheDocumentedDefaults() {
    store.put(TestJobs.job("old").request(new dev.veojobs.job.JobRequest("a cat", null, null, null, null, null, null,
        null)).queued());
    when(veo.start(any())).thenReturn(OPERATION);

    StepResult result = start.handle("old", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    ArgumentCaptor<VideoGenerationRequest> sent = ArgumentCaptor.forClass(VideoGenerationRequest.class);
    verify(veo).start(sent.capture());
    assertThat(sent.getValue().parameters()).isEqualTo(dev.veojobs.job.VeoLimits.defaultParameters());
    assertThat(sent.getValue().model()).isEqualTo(dev.veojobs.job.VeoLimits.DEFAULT_MODEL);
  }

  @Test
  void aDuplicateDeliveryAfterTheStartNeverCallsVeoAgain() {
    when(veo.start(any())).thenReturn(OPERATION);
    start.handle("job1", 1);

    StepResult duplicate = start.handle("job1", 1);
    clock.advance(Duration.ofMinutes(10));
    StepResult late = start.handle("job1", 1);

    assertThat(duplicate.reason()).isEqualTo(Reason.ALREADY_STARTED);
    assertThat(late.reason()).isEqualTo(Reason.ALREADY_STARTED);
    verify(veo, times(1)).start(any());
    assertThat(tasks.names()).containsExactly("job1-poll-1");
  }

  /** Issue 9 item 3: a retry during a live lease is kept (503 + Retry-After), not answered 200 and dropped. */
  @Test
  void aDuplicateDeliveredWhileVeoIsBeingCalledComesBackWhenTheLeaseCanHaveRunOut() {
    Throwable[] duplicate = new Throwable[1];
    when(veo.start(any())).thenAnswer(call -> {
      clock.advance(Duration.ofSeconds(20));
      duplicate[0] = org.assertj.core.api.Assertions.catchThrowable(() -> start.handle("job1", 1));
      return OPERATION;
    });

    StepResult first = start.handle("job1", 1);

    assertThat(first.kind()).isEqualTo(Kind.DONE);
    assertThat(duplicate[0]).isInstanceOfSatisfying(RetryableFailure.class,
        e -> assertThat(e.retryAfter()).contains(TestJobs.LEASE.minusSeconds(20)));
    verify(veo, times(1)).start(any());
  }

  @Test
  void aJobWithAnOperationNameNeverStartsVeoAgainEvenForANewerTask() {
    when(veo.start(any())).thenReturn(OPERATION);
    start.handle("job1", 1);
    clock.advance(Duration.ofMinutes(30));

    StepResult newer = start.handle("job1", 2);

    assertThat(newer.reason()).isEqualTo(Reason.ALREADY_STARTED);
    verify(veo, times(1)).start(any());
  }

  @Test
  void quotaExhaustionRetriesWithoutFailingTheJobAndTheRetryStartsANewAttemptAtOnce() {
    when(veo.start(any())).thenThrow(new RetryableFailure("429 RESOURCE_EXHAUSTED")).thenReturn(OPERATION);

    assertThatThrownBy(() -> start.handle("job1", 1))
        .isInstanceOf(RetryableFailure.class).hasMessageContaining("429");
    Job afterFirst = store.get("job1");
    assertThat(afterFirst.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(afterFirst.stage()).isEqualTo(JobStage.STARTING);
    assertThat(afterFirst.error()).isNull();
    assertThat(afterFirst.canClaimStart(clock.instant())).as("claim given back").isTrue();

    clock.advance(Duration.ofSeconds(10));
    StepResult retry = start.handle("job1", 1);

    assertThat(retry.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").operationName()).isEqualTo(OPERATION);
    assertThat(store.get("job1").attempt()).isEqualTo(2);
    assertThat(store.usage(OWNER).jobsStarted()).as("started counts once").isEqualTo(1);
    verify(veo, times(2)).start(any());
  }

  @Test
  void aVeoRejectionFailsTheJobForGood() {
    when(veo.start(any())).thenThrow(new PermanentFailure(ErrorCode.INVALID_ARGUMENT,
        "image gs://b/uploads/x.png is not a valid image"));

    StepResult result = start.handle("job1", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error()).isEqualTo(new JobError(ErrorCode.INVALID_ARGUMENT, "image [storage] is not a valid image"));
    JobEvent failed = store.events("job1").get(store.events("job1").size() - 1);
    assertThat(failed.type()).isEqualTo("job.failed");
    assertThat(failed.data()).containsEntry("code", "INVALID_ARGUMENT").containsEntry("stage", "STARTING")
        .containsEntry("attempts", 1).containsEntry("failed_at", T0.toString())
        .containsEntry("message", "image [storage] is not a valid image");
    assertThat(tasks.tasks()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    assertThat(start.handle("job1", 1).reason()).isEqualTo(Reason.JOB_TERMINAL);
    verify(veo, times(1)).start(any());
  }

  @Test
  void pastTheDeadlineTheJobFailsWithoutCallingVeo() {
    clock.advance(Duration.ofMinutes(20));

    StepResult result = start.handle("job1", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(store.eventTypes("job1")).containsExactly("job.failed");
    verify(veo, never()).start(any());
  }

  /** Issue 9 item 1: a crash after the claim may have reached Veo, so its output is watched first. */
  @Test
  void aCrashAfterTheClaimIsReconciledAfterTheLeaseAndANewAttemptStartsOnlyWhenNothingAppeared() {
    store.put(TestJobs.from(store.get("job1")).at(T0).claimToken("dead-handler").starting());
    when(veo.start(any())).thenReturn(OPERATION);

    clock.advance(TestJobs.LEASE.minusSeconds(1));
    assertThatThrownBy(() -> start.handle("job1", 2)).isInstanceOf(RetryableFailure.class);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> start.handle("job1", 2)).isInstanceOf(RetryableFailure.class);
    assertThat(store.get("job1").isStartUncertain()).isTrue();
    assertThat(store.eventTypes("job1")).contains("job.start_uncertain");

    clock.advance(StartGeneration.RECONCILE_WINDOW.minusSeconds(1));
    assertThatThrownBy(() -> start.handle("job1", 2)).isInstanceOf(RetryableFailure.class);
    verify(veo, never()).start(any());

    clock.advance(Duration.ofSeconds(1));
    assertThat(start.handle("job1", 2).kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").attempt()).isEqualTo(2);
    ArgumentCaptor<VideoGenerationRequest> sent = ArgumentCaptor.forClass(VideoGenerationRequest.class);
    verify(veo).start(sent.capture());
    assertThat(sent.getValue().outputUri()).endsWith("/veo-output/job1/2/");
    assertThat(tasks.last().payload()).isEqualTo(new TaskPayload("job1", TaskPayload.Step.POLL, 2, 1));
  }

  /** Issue 9 item 1: an answer that does not say whether Veo accepted is reconciled, not repeated. */
  @Test
  void anAmbiguousAnswerIsReconciledAndTheOrphansOutputAdoptedWithoutASecondGeneration() {
    when(veo.start(any())).thenThrow(new StartOutcomeUnknown("HTTP 503 after sending", null));

    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOfSatisfying(RetryableFailure.class,
        e -> assertThat(e.retryAfter()).contains(StartGeneration.RECONCILE_CHECK_EVERY));
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);

    // Veo had accepted after all: the orphan's video lands under the attempt's own prefix.
    blobs.put(BUCKET, "veo-output/job1/1/1234567890/sample_0.mp4", 1000);
    clock.advance(Duration.ofSeconds(30));
    StepResult adopted = start.handle("job1", 1);

    assertThat(adopted.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(job.rawVideoUri()).isEqualTo("gs://" + BUCKET + "/veo-output/job1/1/1234567890/sample_0.mp4");
    assertThat(store.eventTypes("job1")).containsExactly("job.started", "job.start_uncertain", "job.orphan_adopted");
    assertThat(tasks.names()).containsExactly("job1-finalize");
    verify(veo, times(1)).start(any());
  }

  /** Issue 9 item 2: a handler held past its lease is fenced by its token, and no second start is paid. */
  @Test
  void aHandlerHeldPastItsLeaseStillRecordsItsOperationAndTheRetryNeverCallsVeo() {
    Throwable[] retry = new Throwable[1];
    when(veo.start(any())).thenAnswer(call -> {
      clock.advance(TestJobs.LEASE.plusSeconds(1));
      retry[0] = org.assertj.core.api.Assertions.catchThrowable(() -> start.handle("job1", 1));
      return OPERATION;
    });

    StepResult first = start.handle("job1", 1);

    assertThat(retry[0]).isInstanceOf(RetryableFailure.class);
    assertThat(first.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").operationName()).isEqualTo(OPERATION);
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.GENERATING);
    verify(veo, times(1)).start(any());
  }

  @Test
  void aJobCanceledWhileVeoStartsStaysCanceledAndKeepsTheOperationForAudit() {
    CancelJob cancel = new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock);
    when(veo.start(any())).thenAnswer(call -> {
      cancel.cancel(OWNER, "job1");
      return OPERATION;
    });

    StepResult result = start.handle("job1", 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(job.operationName()).isEqualTo(OPERATION);
    assertThat(tasks.tasks()).as("no poll for a canceled job").isEmpty();
  }

  @Test
  void whenTheFirstPollCannotBeEnqueuedTheRetryEnsuresItWithoutCallingVeo() {
    when(veo.start(any())).thenReturn(OPERATION);
    tasks.failNext(1);

    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);
    StepResult retry = start.handle("job1", 1);

    assertThat(store.get("job1").stage()).isEqualTo(JobStage.GENERATING);
    assertThat(retry.reason()).isEqualTo(Reason.ALREADY_STARTED);
    assertThat(tasks.names()).containsExactly("job1-poll-1");
    verify(veo, times(1)).start(any());
  }

  @Test
  void aStoreOutageWhileClaimingIsRetriedAndVeoIsNotCalled() {
    store.failNextUpdates(1);

    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);
    verify(veo, never()).start(any());
  }

  @Test
  void aTaskForAnUnknownJobOrWithoutAnAttemptIsIgnored() {
    // A task of another step never gets here: the worker routes by step (JobWorkerFunctionTest).
    assertThat(start.handle("nope", 1).reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(start.handle("job1", 0).reason()).isEqualTo(Reason.MALFORMED_TASK);
    verify(veo, never()).start(any());
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.QUEUED);
  }

  @Test
  void whenTheOperationCannotBeRecordedTheOutputIsAdoptedAfterTheLeaseAndVeoIsNeverStartedTwice() {
    when(veo.start(any())).thenAnswer(call -> {
      store.failNextUpdates(StartGeneration.RECORD_ATTEMPTS);
      return OPERATION;
    });

    assertThatThrownBy(() -> start.handle("job1", 1))
        .isInstanceOf(RetryableFailure.class).hasMessageContaining("not recorded");
    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);
    blobs.put(BUCKET, "veo-output/job1/1/99/sample_0.mp4", 1000);
    clock.advance(TestJobs.LEASE);

    assertThat(start.handle("job1", 1).kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.FINALIZING);
    verify(veo, times(1)).start(any());
  }

  @Test
  void everyTaskNamesAndCarriesTheJobsOwnId() {
    when(veo.start(any())).thenReturn(OPERATION);
    start.handle("job1", 1);

    List<TaskRequest> all = tasks.tasks();
    assertThat(all).isNotEmpty().allSatisfy(t -> {
      assertThat(t.name()).startsWith("job1-");
      assertThat(t.payload().jobId()).isEqualTo("job1");
    });
  }

  @Test
  void aStoredImageThatFailsTheCheckFailsTheJobWithoutCallingVeo() {
    ImageInput uploaded =
        new ImageInput("gs://" + BUCKET + "/uploads/" + OWNER + "/0123456789abcdef0123456789abcdef.png", "image/png");
    store.put(TestJobs.job("job2").image(uploaded).queued());
    List<ImageInput> checked = new ArrayList<>();
    StartGeneration checking = new StartGeneration(store, tasks, veo, blobs, image -> {
      checked.add(image);
      throw new PermanentFailure(new JobError(ErrorCode.INVALID_ARGUMENT, "The input image is too large."), null);
    }, Fixtures.settings(), clock, () -> "token");

    StepResult result = checking.handle("job2", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(checked).containsExactly(uploaded);
    verifyNoInteractions(veo);
    Job job = store.get("job2");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(tasks.tasks()).isEmpty();
  }

  @Test
  void aLastFrameAndEveryReferenceAreCheckedAndAStoredOneThatFailsFailsTheJobWithoutCallingVeo() {
    ImageInput first = new ImageInput("gs://" + BUCKET + "/uploads/" + OWNER + "/00000000000000000000000000000001.png",
        "image/png");
    ImageInput last = new ImageInput("gs://" + BUCKET + "/uploads/" + OWNER + "/00000000000000000000000000000002.png",
        "image/png");
    dev.veojobs.job.ReferenceImage reference = new dev.veojobs.job.ReferenceImage(
        "gs://" + BUCKET + "/uploads/" + OWNER + "/00000000000000000000000000000003.png", "image/png", "asset");
    JobRequest frames = new JobRequest("a cat", null, "veo-3.1-generate-001", first, last, List.of(), null,
        dev.veojobs.job.VeoLimits.defaultParameters(), null, null, null);
    JobRequest references = new JobRequest("a cat", null, "veo-3.1-generate-001", null, null, List.of(reference), null,
        dev.veojobs.job.VeoLimits.defaultParameters(), null, null, null);
    store.put(TestJobs.job("frames").request(frames).queued());
    store.put(TestJobs.job("refs").request(references).queued());
    List<ImageInput> checked = new ArrayList<>();
    StartGeneration checking = new StartGeneration(store, tasks, veo, blobs, image -> {
      checked.add(image);
      if (image.equals(last) || image.equals(reference.image())) {
        throw new PermanentFailure(new JobError(ErrorCode.INVALID_ARGUMENT, "The input image is too large."), null);
      }
    }, Fixtures.settings(), clock, () -> "token");

    checking.handle("frames", 1);
    checking.handle("refs", 1);

    assertThat(checked).containsExactly(first, last, reference.image());
    verifyNoInteractions(veo);
    assertThat(store.get("frames").status()).isEqualTo(JobStatus.FAILED);
    assertThat(store.get("refs").status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void theStartSendsEveryInputAndAnExtensionsSourceVideo() {
    when(veo.start(any())).thenReturn(OPERATION);
    JobRequest extension = new JobRequest("on", null, "veo-3.1-fast-generate-001", null, null, List.of(),
        new dev.veojobs.job.VideoExtension("src", "gs://" + BUCKET + "/videos/" + OWNER + "/src.mp4", 8),
        new dev.veojobs.job.VideoParameters(7, "16:9", "720p", 1, null, false, "allow_adult", true), null, null, null);
    store.put(TestJobs.job("ext").request(extension).queued());

    start.handle("ext", 1);

    ArgumentCaptor<VideoGenerationRequest> sent = ArgumentCaptor.forClass(VideoGenerationRequest.class);
    verify(veo).start(sent.capture());
    assertThat(sent.getValue().sourceVideoUri()).isEqualTo("gs://" + BUCKET + "/videos/" + OWNER + "/src.mp4");
    assertThat(sent.getValue().isExtension()).isTrue();
  }

  /** A claim whose commit answer was lost is rerun by the store: the token recognises the claim as ours. */
  @Test
  void aClaimCommittedTwiceByTheStoresRetryIsStillOursAndStartsVeoOnce() {
    when(veo.start(any())).thenReturn(OPERATION);
    store.rerunNextUpdatesAfterCommit(1);

    StepResult result = start.handle("job1", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").operationName()).isEqualTo(OPERATION);
    assertThat(store.get("job1").attempt()).isEqualTo(1);
    verify(veo, times(1)).start(any());
  }
  /** docs/reliability.md: uncertain starts and adopted orphans are logged as lines that can be counted. */
  @Test
  void uncertainStartsAndAdoptedOrphansAreLoggedOnceEachForCounting() {
    store.put(TestJobs.job("job2").claimToken("dead-handler").starting());
    when(veo.start(any())).thenThrow(new StartOutcomeUnknown("HTTP 503 after sending", null));
    try (LogCapture log = LogCapture.of(StartGeneration.class)) {
      assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);
      clock.advance(TestJobs.LEASE);
      assertThatThrownBy(() -> start.handle("job2", 1)).as("lease lapsed").isInstanceOf(RetryableFailure.class);
      clock.advance(StartGeneration.RECONCILE_CHECK_EVERY);
      assertThatThrownBy(() -> start.handle("job2", 1)).as("still watching").isInstanceOf(RetryableFailure.class);
      blobs.put(BUCKET, "veo-output/job2/1/7/sample_0.mp4", 1000);
      assertThat(start.handle("job2", 1).kind()).isEqualTo(Kind.DONE);

      assertThat(log.linesStartingWith("job.start_uncertain")).containsExactly(
          "job.start_uncertain job=job1 attempt=1 reason=ambiguous_answer: its output is watched before any new attempt",
          "job.start_uncertain job=job2 attempt=1 reason=lease_lapsed: its output is watched before any new attempt");
      assertThat(log.linesStartingWith("job.orphan_adopted")).singleElement().asString()
          .startsWith("job.orphan_adopted job=job2 attempt=1:");
    }
  }

  @Test
  void aStartTaskForAJobAlreadyFinalizingIsTurnedAway() {
    store.put(TestJobs.job("job2").finalizing());

    StepResult result = start.handle("job2", 1);

    assertThat(result.reason()).isEqualTo(Reason.ALREADY_STARTED);
    assertThat(tasks.attempts()).isEmpty();
    verifyNoInteractions(veo);
  }

  /** Only a job still at its first poll chain may lack poll 1; a restarted chain has its own head. */
  @Test
  void aStartTaskForAJobWhosePollChainWasRestartedAddsNoPoll() {
    store.put(TestJobs.job("job2").generating().restartPolls(9, T0));

    StepResult result = start.handle("job2", 1);

    assertThat(result.reason()).isEqualTo(Reason.ALREADY_STARTED);
    assertThat(tasks.attempts()).isEmpty();
    verifyNoInteractions(veo);
  }

  /** The "still ours" guard: a rejection that arrives after a cancel must not turn the cancel into a failure. */
  @Test
  void aRejectionForAJobCanceledMeanwhileLeavesItCanceled() {
    when(veo.start(any())).thenAnswer(call -> {
      store.put(store.get("job1").cancel(clock.instant()));
      throw new PermanentFailure(new JobError(ErrorCode.INVALID_ARGUMENT, "The prompt was rejected."), null);
    });

    StepResult result = start.handle("job1", 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.eventTypes("job1")).doesNotContain("job.failed");
  }

  @Test
  void anAmbiguousAnswerForAJobCanceledMeanwhileLeavesItCanceled() {
    when(veo.start(any())).thenAnswer(call -> {
      store.put(store.get("job1").cancel(clock.instant()));
      throw new StartOutcomeUnknown("HTTP 503 after sending", null);
    });

    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);

    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(job.reconcileUntil()).isNull();
    assertThat(store.eventTypes("job1")).doesNotContain("job.start_uncertain");
    assertThat(start.handle("job1", 1).reason()).isEqualTo(Reason.JOB_TERMINAL);
  }

  /** A second operation name never overwrites the first: the claim that started Veo lost the job. */
  @Test
  void anOperationStartedByAClaimThatLostTheJobIsNotRecorded() {
    when(veo.start(any())).thenAnswer(call -> {
      Job held = store.get("job1");
      store.put(held.releaseClaim(clock.instant()).claimStart("other-delivery", clock.instant(), TestJobs.LEASE));
      return OPERATION;
    });

    StepResult result = start.handle("job1", 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(result.detail()).contains("another attempt owns the job");
    Job job = store.get("job1");
    assertThat(job.operationName()).isNull();
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(job.holdsClaim("other-delivery")).isTrue();
    assertThat(tasks.attempts()).as("no poll for an operation the job does not own").isEmpty();
  }

  @Test
  void anOperationRecordedByAWriteWhoseAnswerWasLostIsRecognisedAsRecorded() {
    when(veo.start(any())).thenAnswer(call -> {
      store.rerunNextUpdatesAfterCommit(1);
      return OPERATION;
    });

    StepResult result = start.handle("job1", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").operationName()).isEqualTo(OPERATION);
    assertThat(tasks.names()).containsExactly("job1-poll-1");
  }

  @Test
  void theRecordingOfAStartedOperationIsTriedThreeTimesBeforeGivingUp() {
    when(veo.start(any())).thenAnswer(call -> {
      store.failNextUpdates(StartGeneration.RECORD_ATTEMPTS - 1);
      return OPERATION;
    });

    StepResult result = start.handle("job1", 1);

    assertThat(StartGeneration.RECORD_ATTEMPTS).isEqualTo(3);
    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").operationName()).isEqualTo(OPERATION);
  }

  @Test
  void whileTheOutputIsWatchedTheRetryComesBackNoLaterThanTheWindowCloses() {
    when(veo.start(any())).thenThrow(new StartOutcomeUnknown("timeout", null));
    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOf(RetryableFailure.class);

    clock.advance(Duration.ofMinutes(6));
    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOfSatisfying(RetryableFailure.class,
        e -> assertThat(e.retryAfter()).contains(StartGeneration.RECONCILE_CHECK_EVERY));
    clock.advance(Duration.ofSeconds(50));
    assertThatThrownBy(() -> start.handle("job1", 1)).isInstanceOfSatisfying(RetryableFailure.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(10)));
  }

  @Test
  void anUncertainStartPastTheDeadlineFailsWithoutANewAttempt() {
    store.put(TestJobs.job("job2").deadlineAt(T0.plus(Duration.ofMinutes(5))).queued());
    when(veo.start(any())).thenThrow(new StartOutcomeUnknown("timeout", null));
    assertThatThrownBy(() -> start.handle("job2", 1)).isInstanceOf(RetryableFailure.class);
    clock.advance(Duration.ofMinutes(5));

    StepResult result = start.handle("job2", 1);

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job2").error().code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    verify(veo, times(1)).start(any());
  }

  /** The "still ours" guard of adoption: output found for a job canceled meanwhile is not adopted. */
  @Test
  void outputFoundForAJobCanceledMeanwhileIsNotAdopted() {
    BlobStore cancelingWhileListing = mock(BlobStore.class);
    String output = "gs://" + BUCKET + "/veo-output/job1/1/7/sample_0.mp4";
    when(cancelingWhileListing.list(BUCKET, "veo-output/job1/1/")).thenAnswer(call -> {
      store.put(store.get("job1").cancel(clock.instant()));
      return List.of(output);
    });
    StartGeneration watching = new StartGeneration(store, tasks, veo, cancelingWhileListing, image -> { },
        Fixtures.settings(), clock, () -> "token-" + (++tokens));
    when(veo.start(any())).thenThrow(new StartOutcomeUnknown("timeout", null));
    assertThatThrownBy(() -> watching.handle("job1", 1)).isInstanceOf(RetryableFailure.class);

    StepResult result = watching.handle("job1", 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(job.rawVideoUri()).isNull();
    assertThat(tasks.attempts()).isEmpty();
  }
  /**
   * The "still ours" guard is the claim, not only "not ended": a rejection answered to a delivery
   * whose claim was taken over (its lease ran out, another attempt claimed) must not fail the job
   * the new attempt is starting.
   */
  @Test
  void aRejectionForAClaimThatLostTheJobLeavesTheNewAttemptAlone() {
    when(veo.start(any())).thenAnswer(call -> {
      Job held = store.get("job1");
      store.put(held.releaseClaim(clock.instant()).claimStart("other-delivery", clock.instant(), TestJobs.LEASE));
      throw new PermanentFailure(new JobError(ErrorCode.INVALID_ARGUMENT, "The prompt was rejected."), null);
    });

    StepResult result = start.handle("job1", 1);

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(job.holdsClaim("other-delivery")).isTrue();
  }
}
