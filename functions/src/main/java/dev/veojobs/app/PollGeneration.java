package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The poll step: looks at the Veo operation and moves the job on when it is finished.
 *
 * <p>A poll that finds the operation still running writes nothing to the store — it only
 * schedules the next poll ({@code {id}-poll-{n+1}}) — because a long generation would otherwise
 * cost a write every few seconds per job. A finished operation is final: success moves the job to
 * FINALIZING, every other outcome fails it with its own code, and Veo is never started from here.
 * Inline video bytes are uploaded to the output prefix first, so the finalizer always copies.
 *
 * <p>Transient failures (Veo, storage, the store, the queue) propagate as {@link RetryableFailure}, so the
 * task is retried with nothing written.
 *
 * <p>A poll is stale when its attempt is not the job's or its number is below the current chain's
 * first poll (the sweeper started a new chain); stale, duplicate and late polls do nothing, except
 * that a poll finding the job FINALIZING makes sure the finalize task exists (the name dedups), so
 * a failed enqueue is repaired by the retry instead of waiting for the sweeper.
 */
public final class PollGeneration {
  private final JobStore store;
  private final TaskQueue tasks;
  private final VideoModel veo;
  private final BlobStore blobs;
  private final PipelineSettings settings;
  private final Clock clock;

  public PollGeneration(JobStore store, TaskQueue tasks, VideoModel veo, BlobStore blobs,
      PipelineSettings settings, Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.veo = veo;
    this.blobs = blobs;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Runs poll {@code poll} of attempt {@code attempt} of the job.
   *
   * @throws RetryableFailure when Veo, storage, the store or the queue is briefly unavailable; run the task again
   */
  public StepResult handle(String jobId, int attempt, int poll) {
    if (poll < 1) {
      return StepResult.ignored(Reason.MALFORMED_TASK, "poll number " + poll + " is below 1");
    }
    TaskJob found = TaskJob.find(store, jobId);
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (job.isTerminal()) {
      return StepResult.ignored(Reason.JOB_TERMINAL, "job already " + job.status());
    }
    if (attempt != job.attempt() || poll < job.pollCount()) {
      return StepResult.ignored(Reason.STALE_POLL, "stale poll " + poll + " of attempt " + attempt);
    }
    if (job.stage() == JobStage.FINALIZING) {
      enqueueFinalize(job);
      return StepResult.ignored(Reason.ALREADY_FINALIZING, "already finalizing; finalize task ensured");
    }
    if (job.stage() != JobStage.GENERATING || job.operationName() == null) {
      return StepResult.ignored(Reason.WRONG_STAGE, "not generating");
    }
    return switch (veo.poll(job.operationName())) {
      // Looked at before the deadline, so a video that is ready is never thrown away for it.
      case OperationState.Running running -> job.isPastDeadline(clock.instant())
          ? fail(job, JobErrors.deadlineExceeded(settings.jobDeadline()))
          : scheduleNextPoll(job, poll);
      case OperationState.Succeeded succeeded -> finishWithVideos(job, succeeded.videos());
      case OperationState.SafetyFiltered filtered ->
          fail(job, JobErrors.safetyFiltered(filtered.filteredCount(), filtered.reasons()));
      case OperationState.NoVideo none -> fail(job, JobErrors.noVideo());
      case OperationState.Failed failed -> fail(job, JobErrors.generationFailed(failed.code(), failed.message()));
      case OperationState.NotFound notFound -> fail(job, JobErrors.operationNotFound());
    };
  }

  private StepResult scheduleNextPoll(Job job, int poll) {
    int next = poll + 1;
    Instant at = clock.instant().plus(PollSchedule.delayAfter(poll, job.pollCount(), job, clock.instant(), settings));
    tasks.enqueue(Tasks.poll(TaskNames.poll(job.id(), next), job.id(), job.attempt(), next, at));
    return StepResult.done("still running; poll " + next + " at " + at);
  }

  /** Every sample is kept (each one was paid for); a sample carrying no video is skipped. */
  private StepResult finishWithVideos(Job job, List<GeneratedVideo> videos) {
    List<String> rawUris = new ArrayList<>();
    try {
      for (int i = 0; i < videos.size(); i++) {
        String rawUri = storedUri(job, videos.get(i), i);
        if (rawUri != null) {
          rawUris.add(rawUri);
        }
      }
    } catch (PermanentFailure e) {
      return fail(job, JobErrors.finalizeFailed());
    }
    if (rawUris.isEmpty()) {
      return fail(job, JobErrors.noVideo());
    }
    Instant now = clock.instant();
    boolean moved = store.update(job.id(), current -> {
      if (generatingSameAttempt(current, job)) {
        return Decision.write(current.markFinalizing(rawUris, now), null, true);
      }
      // Our own write, committed by an earlier run of this transaction whose answer was lost.
      boolean ours = !current.isTerminal() && current.stage() == JobStage.FINALIZING
          && current.attempt() == job.attempt() && rawUris.equals(current.rawVideoUris());
      return Decision.noChange(ours);
    });
    if (!moved) {
      return StepResult.ignored(Reason.MOVED_ON, "job moved on (canceled or finished) while polling");
    }
    enqueueFinalize(job);
    return StepResult.done("video ready");
  }

  /** The video's gs:// URI, uploading inline bytes first; null when the video carries neither. */
  private String storedUri(Job job, GeneratedVideo video, int index) {
    if (video.gcsUri() != null && !video.gcsUri().isBlank()) {
      return video.gcsUri();
    }
    if (video.bytes() == null || video.bytes().length == 0) {
      return null;
    }
    String contentType = video.mimeType() == null ? "video/mp4" : video.mimeType();
    return blobs.upload(video.bytes(), contentType, settings.videoBucket(),
        ObjectNames.inlineSampleObject(job.id(), job.attempt(), index));
  }

  /** The name dedups, so a poll finding the job finalizing can always make sure of the task. */
  private void enqueueFinalize(Job job) {
    tasks.enqueue(Tasks.finalizing(TaskNames.finalizing(job.id()), job.id(), job.attempt()));
  }

  private StepResult fail(Job job, JobError error) {
    boolean failed = FailJob.failIf(store, job.id(), current -> generatingSameAttempt(current, job), error,
        clock.instant());
    return failed ? StepResult.done("failed: " + error.code()) : StepResult.ignored(Reason.MOVED_ON, "job moved on while polling");
  }

  private static boolean generatingSameAttempt(Job current, Job seen) {
    return !current.isTerminal()
        && current.stage() == JobStage.GENERATING
        && current.attempt() == seen.attempt()
        && seen.operationName().equals(current.operationName());
  }
}
