package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.veojobs.app.StepResult.Kind;
import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FinalizeJobTest {
  private static final String RAW = "gs://" + BUCKET + "/veo-output/job1/1/sample_0.mp4";
  private static final String OBJECT = "videos/" + OWNER + "/job1.mp4";
  private static final String FINAL = "gs://" + BUCKET + "/" + OBJECT;

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final BlobStore blobs = mock(BlobStore.class);
  private final UrlSigner signer = mock(UrlSigner.class);
  private final FinalizeJob finalizer = new FinalizeJob(store, blobs, signer, Fixtures.settings(), clock);
  private final Instant now;

  FinalizeJobTest() {
    store.put(TestJobs.job("job1").at(T0.plusSeconds(70)).rawVideoUri(RAW).finalizing());
    clock.advance(Duration.ofSeconds(71));
    now = clock.instant();
    when(blobs.copy(RAW, BUCKET, OBJECT)).thenReturn(FINAL);
    when(signer.signGet(BUCKET, OBJECT, Duration.ofHours(1)))
        .thenReturn(new SignedUrl("https://storage.example/signed?sig=1", now.plus(Duration.ofHours(1))));
  }

  @Test
  void theVideoIsCopiedSignedAndTheJobCompletedWithEventAndUsage() {
    StepResult result = finalizer.handle("job1");

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.videoGcsUri()).isEqualTo(FINAL);
    assertThat(job.videoUrl()).isEqualTo("https://storage.example/signed?sig=1");
    assertThat(job.videoUrlExpiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
    assertThat(job.completedAt()).isEqualTo(now);
    assertThat(store.events("job1")).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("job.completed");
      assertThat(e.data()).containsEntry("video_gcs_uri", FINAL).containsEntry("duration_seconds", 8);
    });
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(0, 1, 8));
  }

  /** Issue 11 item 3: sample_count 2 was billed but one video kept and 8 seconds counted. */
  @Test
  void everySampleIsCopiedAndSignedAndUsageCountsEverySecond() {
    String raw1 = "gs://" + BUCKET + "/veo-output/job2/1/sample_1.mp4";
    dev.veojobs.job.JobRequest base = TestJobs.request();
    dev.veojobs.job.JobRequest twoSamples = new dev.veojobs.job.JobRequest(base.prompt(), null, base.model(), null,
        new dev.veojobs.job.VideoParameters(6, "9:16", "1080p", 2, null, false, "allow_adult", true), null, null, null);
    Job finalizing = TestJobs.job("job2").request(twoSamples).at(T0.plusSeconds(70)).rawVideoUri(RAW).finalizing();
    store.put(dev.veojobs.job.RecordVariants.with(finalizing, "rawVideoUri", RAW, "rawVideoUris",
        java.util.List.of(RAW, raw1)));
    String object0 = "videos/" + OWNER + "/job2.mp4";
    String object1 = "videos/" + OWNER + "/job2-1.mp4";
    when(blobs.copy(RAW, BUCKET, object0)).thenReturn("gs://" + BUCKET + "/" + object0);
    when(blobs.copy(raw1, BUCKET, object1)).thenReturn("gs://" + BUCKET + "/" + object1);
    when(signer.signGet(BUCKET, object0, Duration.ofHours(1))).thenReturn(new SignedUrl("https://s/0", now.plusSeconds(3600)));
    when(signer.signGet(BUCKET, object1, Duration.ofHours(1))).thenReturn(new SignedUrl("https://s/1", now.plusSeconds(3600)));

    assertThat(finalizer.handle("job2").kind()).isEqualTo(Kind.DONE);

    Job job = store.get("job2");
    assertThat(job.videos()).extracting(dev.veojobs.job.StoredVideo::url).containsExactly("https://s/0", "https://s/1");
    assertThat(job.videoGcsUri()).as("the first one, for readers from before").isEqualTo("gs://" + BUCKET + "/" + object0);
    assertThat(job.videoUrl()).isEqualTo("https://s/0");
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(0, 1, 12));
  }

  @Test
  void aDuplicateDeliveryCompletesOnceAndCountsOnce() {
    finalizer.handle("job1");

    StepResult again = finalizer.handle("job1");

    assertThat(again.reason()).isEqualTo(Reason.JOB_TERMINAL);
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(0, 1, 8));
    assertThat(store.eventTypes("job1")).containsExactly("job.completed");
    verify(blobs, times(1)).copy(any(), any(), any());
  }

  @Test
  void aCanceledJobIsNeverFinalized() {
    new CancelJob(store, signer, Fixtures.settings(), clock).cancel(OWNER, "job1");

    StepResult result = finalizer.handle("job1");

    assertThat(result.reason()).isEqualTo(Reason.JOB_TERMINAL);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    verifyNoInteractions(blobs);
    assertThat(store.usage(OWNER)).isEqualTo(UsageDelta.NONE);
  }

  @Test
  void aJobCanceledDuringTheCopyStaysCanceledAndUnbilled() {
    CancelJob cancel = new CancelJob(store, signer, Fixtures.settings(), clock);
    when(blobs.copy(RAW, BUCKET, OBJECT)).thenAnswer(call -> {
      cancel.cancel(OWNER, "job1");
      return FINAL;
    });

    StepResult result = finalizer.handle("job1");

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.usage(OWNER)).isEqualTo(UsageDelta.NONE);
  }

  @Test
  void transientStorageErrorsRetry() {
    when(blobs.copy(RAW, BUCKET, OBJECT)).thenThrow(new RetryableFailure("503"));

    assertThatThrownBy(() -> finalizer.handle("job1")).isInstanceOf(RetryableFailure.class);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PROCESSING);
  }

  @Test
  void transientSigningErrorsRetry() {
    when(signer.signGet(BUCKET, OBJECT, Duration.ofHours(1))).thenThrow(new RetryableFailure("signBlob 503"));

    assertThatThrownBy(() -> finalizer.handle("job1")).isInstanceOf(RetryableFailure.class);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PROCESSING);
  }

  @Test
  void aPermanentStorageErrorFailsTheJobWithoutBillingIt() {
    when(blobs.copy(RAW, BUCKET, OBJECT)).thenThrow(new PermanentFailure(ErrorCode.FINALIZE_FAILED, "403 on gs://x"));

    StepResult result = finalizer.handle("job1");

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    Job job = store.get("job1");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().code()).isEqualTo(ErrorCode.FINALIZE_FAILED);
    assertThat(job.error().message()).doesNotContain("gs://");
    assertThat(store.events("job1")).singleElement().satisfies(e ->
        assertThat(e.data()).containsEntry("stage", "FINALIZING").containsEntry("code", "FINALIZE_FAILED"));
    assertThat(store.usage(OWNER)).isEqualTo(UsageDelta.NONE);
  }

  @Test
  void aJobNotYetFinalizingIsIgnored() {
    store.put(TestJobs.job("job2").queued());
    assertThat(finalizer.handle("job2").reason()).isEqualTo(Reason.WRONG_STAGE);
    assertThat(finalizer.handle("missing").reason()).isEqualTo(Reason.NOT_FOUND);
    verifyNoInteractions(blobs);
  }
  /** Defensive: a finalizing job without the raw video's address (as a store may hold one) fails; it is not copied from nowhere. */
  @Test
  void aFinalizingJobWithoutItsRawVideoFailsAsFinalizeFailed() {
    store.put(dev.veojobs.job.RecordVariants.with(store.get("job1"), "rawVideoUri", null, "rawVideoUris", null));

    StepResult result = finalizer.handle("job1");

    assertThat(result.kind()).isEqualTo(Kind.DONE);
    assertThat(store.get("job1").error().code()).isEqualTo(ErrorCode.FINALIZE_FAILED);
    verifyNoInteractions(blobs, signer);
  }
  /** The "still ours" guard: a copy that fails for good after a cancel leaves the job canceled. */
  @Test
  void aPermanentStorageErrorForAJobCanceledMeanwhileLeavesItCanceled() {
    when(blobs.copy(RAW, BUCKET, OBJECT)).thenAnswer(call -> {
      store.put(store.get("job1").cancel(clock.instant()));
      throw new PermanentFailure(JobErrors.finalizeFailed(), null);
    });

    StepResult result = finalizer.handle("job1");

    assertThat(result.reason()).isEqualTo(Reason.MOVED_ON);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
  }
}
