package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobStatus;
import dev.veojobs.security.upload.ImageUriPolicy;
import dev.veojobs.security.upload.UploadPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** All use cases together, with tasks "dispatched" in schedule order as the clock advances. */
class PipelineTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final VideoModel veo = mock(VideoModel.class);
  private final BlobStore blobs = mock(BlobStore.class);
  private final UrlSigner signer = mock(UrlSigner.class);
  private final PipelineSettings settings = Fixtures.settings();
  private final AtomicInteger ids = new AtomicInteger();

  private final CreateJob create = new CreateJob(store, tasks, settings,
      new ImageUriPolicy(BUCKET, UploadPolicy.DEFAULT_MAX_BYTES), clock, () -> "job" + ids.incrementAndGet());
  private final StartGeneration start = new StartGeneration(store, tasks, veo, blobs, image -> { }, settings, clock,
      IdGenerator.random());
  private final PollGeneration poll = new PollGeneration(store, tasks, veo, blobs, settings, clock);
  private final FinalizeJob finalizer = new FinalizeJob(store, blobs, signer, settings, clock);
  private final GetJob get = new GetJob(store, signer, settings, clock);
  private final CancelJob cancel = new CancelJob(store, signer, settings, clock);
  private final List<TaskRequest> dispatched = new ArrayList<>();

  PipelineTest() {
    when(blobs.copy(anyString(), eq(BUCKET), anyString()))
        .thenAnswer(call -> "gs://" + BUCKET + "/" + call.getArgument(2));
    when(signer.signGet(eq(BUCKET), anyString(), any()))
        .thenAnswer(call -> new SignedUrl("https://storage.example/" + call.getArgument(1) + "?sig",
            clock.instant().plus(Duration.ofHours(1))));
  }

  /** Runs tasks in schedule order, advancing the clock to each, until none are left. */
  private void dispatchAll(int maxTasks) {
    List<TaskRequest> pending = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      pending.addAll(tasks.drain());
      if (pending.isEmpty()) {
        return;
      }
      pending.sort(Comparator.comparing(t -> t.notBefore() == null ? clock.instant() : t.notBefore()));
      TaskRequest task = pending.remove(0);
      if (task.notBefore() != null && task.notBefore().isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), task.notBefore()));
      }
      dispatched.add(task);
      // Routed by step as the worker and the finalizer do; a step asking for a retry (RetryableFailure) fails the test.
      TaskPayload p = task.payload();
      switch (p.step()) {
        case START -> start.handle(p.jobId(), p.attempt());
        case POLL -> poll.handle(p.jobId(), p.attempt(), p.poll());
        case FINALIZE -> finalizer.handle(p.jobId());
        case WEBHOOK_COMPLETED, WEBHOOK_FAILED -> throw new AssertionError("no job here has a webhook_url: " + task);
      }
    }
  }

  private String createJob() {
    return ((CreateOutcome.Created) create.create(OWNER, Map.of("prompt", "a cat surfing", "node_id", "n1"), null))
        .job().id();
  }

  @Test
  void aJobGoesFromCreateToAPlayableUrl() {
    when(veo.start(any())).thenReturn("operations/op-1");
    when(veo.poll("operations/op-1")).thenReturn(new OperationState.Running(), new OperationState.Running(),
        new OperationState.Running(), new OperationState.Succeeded(List.of(
            new GeneratedVideo("gs://" + BUCKET + "/veo-output/job1/1/op-1/sample_0.mp4", null, "video/mp4"))));

    String id = createJob();
    dispatchAll(50);

    JobView view = get.get(OWNER, id);
    assertThat(view.job().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(view.videoUrl()).startsWith("https://").contains("videos/" + OWNER + "/job1.mp4");
    assertThat(view.job().videoGcsUri()).isEqualTo("gs://" + BUCKET + "/videos/" + OWNER + "/job1.mp4");
    assertThat(store.eventTypes(id)).containsExactly("job.created", "job.started", "job.completed");
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(1, 1, 8));
    assertThat(dispatched).extracting(TaskRequest::name).containsExactly("job1-start", "job1-poll-1", "job1-poll-2",
        "job1-poll-3", "job1-poll-4", "job1-finalize");
    assertThat(dispatched).allSatisfy(t -> {
      assertThat(t.name()).startsWith(id + "-");
      assertThat(t.payload().jobId()).isEqualTo(id);
    });
    verify(veo, times(1)).start(any());
  }

  @Test
  void onlyCompletedJobsCountAsGeneratedVideo() {
    when(veo.start(any())).thenReturn("operations/op-1", "operations/op-2");
    when(veo.poll("operations/op-1")).thenReturn(new OperationState.SafetyFiltered(1, List.of()));
    when(veo.poll("operations/op-2")).thenReturn(new OperationState.Succeeded(List.of(
        new GeneratedVideo("gs://" + BUCKET + "/veo-output/job2/1/sample_0.mp4", null, "video/mp4"))));

    String filtered = createJob();
    dispatchAll(10);
    String done = createJob();
    dispatchAll(10);

    assertThat(store.get(filtered).error().code()).isEqualTo(ErrorCode.SAFETY_FILTERED);
    assertThat(store.get(done).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(2, 1, 8));
    verify(veo, times(2)).start(any());
  }

  @Test
  void cancelingMidGenerationStopsThePollChainAndNothingIsFinalized() {
    when(veo.start(any())).thenReturn("operations/op-1");
    when(veo.poll("operations/op-1")).thenAnswer(call -> {
      Job job = store.get("job1");
      if (job.status() == JobStatus.PROCESSING && clock.instant().isAfter(job.startedAt().plusSeconds(40))) {
        cancel.cancel(OWNER, "job1");
      }
      return new OperationState.Running();
    });

    String id = createJob();
    dispatchAll(50);

    assertThat(store.get(id).status()).isEqualTo(JobStatus.CANCELED);
    assertThat(tasks.tasks()).isEmpty();
    assertThat(dispatched).extracting(TaskRequest::name).doesNotContain("job1-finalize");
    verify(blobs, never()).copy(any(), any(), any());
    assertThat(store.usage(OWNER)).isEqualTo(new UsageDelta(1, 0, 0));
  }
}
