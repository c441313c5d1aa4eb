package dev.veojobs.app;

import dev.veojobs.app.TaskPayload.Step;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import java.time.Clock;
import java.time.Instant;

/**
 * The poll step: looks at the Veo operation and moves the job on when it is finished.
 *
 * <p>A poll that finds the operation still running writes nothing to the store — it only
 * schedules the next poll ({@code {id}-poll-{n+1}}) — because a long generation would otherwise
 * cost a write every few seconds per job. A finished operation is final: success moves the job to
 * FINALIZING, every other outcome fails it with its own code, and Veo is never started from here.
 * Inline video bytes are uploaded to the output prefix first, so the finalizer always copies.
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

  public StepResult handle(TaskPayload payload) {
    if (payload == null || payload.step() != Step.POLL || payload.jobId() == null || payload.poll() < 1) {
      return StepResult.ignored("not a poll task: " + payload);
    }
    TaskJob found = TaskJob.find(store, payload.jobId());
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (job.isTerminal()) {
      return StepResult.ignored("job already " + job.status());
    }
    if (payload.attempt() != job.attempt() || payload.poll() < job.pollCount()) {
      return StepResult.ignored("stale poll " + payload.poll() + " of attempt " + payload.attempt());
    }
    if (job.stage() == JobStage.FINALIZING) {
      return enqueueFinalize(job, "already finalizing; finalize task ensured", StepResult.Kind.IGNORED);
    }
    if (job.stage() != JobStage.GENERATING || job.operationName() == null) {
      return StepResult.ignored("not generating");
    }
    Instant now = clock.instant();
    if (job.isPastDeadline(now)) {
      return fail(job, JobErrors.deadlineExceeded(settings.jobDeadline()));
    }

    OperationState state;
    try {
      state = veo.poll(job.operationName());
    } catch (RetryableFailure e) {
      return StepResult.retry("Veo unavailable: " + e.getMessage());
    }
    return switch (state) {
      case OperationState.Running running -> scheduleNextPoll(job, payload.poll());
      case OperationState.Succeeded succeeded -> finishWithVideo(job, succeeded.videos().get(0));
      case OperationState.SafetyFiltered filtered ->
          fail(job, JobErrors.safetyFiltered(filtered.filteredCount(), filtered.reasons()));
      case OperationState.NoVideo none -> fail(job, JobErrors.noVideo());
      case OperationState.Failed failed -> fail(job, JobErrors.generationFailed(failed.code(), failed.message()));
      case OperationState.NotFound notFound -> fail(job, JobErrors.operationNotFound());
    };
  }

  private StepResult scheduleNextPoll(Job job, int poll) {
    int next = poll + 1;
    Instant at = clock.instant().plus(PollSchedule.delayAfter(poll, job.pollCount(), settings));
    try {
      tasks.enqueue(Tasks.poll(TaskNames.poll(job.id(), next), job.id(), job.attempt(), next, at));
      return StepResult.done("still running; poll " + next + " at " + at);
    } catch (RetryableFailure e) {
      return StepResult.retry("next poll not enqueued: " + e.getMessage());
    }
  }

  private StepResult finishWithVideo(Job job, GeneratedVideo video) {
    String rawUri;
    try {
      rawUri = storedUri(job, video);
    } catch (RetryableFailure e) {
      return StepResult.retry("could not upload inline video: " + e.getMessage());
    } catch (PermanentFailure e) {
      return fail(job, JobErrors.finalizeFailed());
    }
    if (rawUri == null) {
      return fail(job, JobErrors.noVideo());
    }
    Instant now = clock.instant();
    boolean moved;
    try {
      moved = store.update(job.id(), current -> generatingSameAttempt(current, job)
          ? Decision.write(current.markFinalizing(rawUri, now), null, true)
          : Decision.noChange(false));
    } catch (RetryableFailure e) {
      return StepResult.retry("store unavailable: " + e.getMessage());
    }
    if (!moved) {
      return StepResult.ignored("job moved on (canceled or finished) while polling");
    }
    return enqueueFinalize(job, "video ready", StepResult.Kind.DONE);
  }

  /** The video's gs:// URI, uploading inline bytes first; null when the video carries neither. */
  private String storedUri(Job job, GeneratedVideo video) {
    if (video.gcsUri() != null && !video.gcsUri().isBlank()) {
      return video.gcsUri();
    }
    if (video.bytes() == null || video.bytes().length == 0) {
      return null;
    }
    String contentType = video.mimeType() == null ? "video/mp4" : video.mimeType();
    return blobs.upload(video.bytes(), contentType, settings.videoBucket(),
        ObjectNames.inlineSampleObject(job.id(), job.attempt()));
  }

  private StepResult enqueueFinalize(Job job, String detail, StepResult.Kind kind) {
    try {
      tasks.enqueue(Tasks.finalizing(TaskNames.finalizing(job.id()), job.id(), job.attempt()));
      return kind == StepResult.Kind.DONE ? StepResult.done(detail) : StepResult.ignored(detail);
    } catch (RetryableFailure e) {
      return StepResult.retry("finalize task not enqueued: " + e.getMessage());
    }
  }

  private StepResult fail(Job job, JobError error) {
    try {
      boolean failed = FailJob.failIf(store, job.id(), current -> generatingSameAttempt(current, job), error,
          clock.instant());
      return failed ? StepResult.done("failed: " + error.code()) : StepResult.ignored("job moved on while polling");
    } catch (RetryableFailure e) {
      return StepResult.retry("store unavailable while failing the job: " + e.getMessage());
    }
  }

  private static boolean generatingSameAttempt(Job current, Job seen) {
    return !current.isTerminal()
        && current.stage() == JobStage.GENERATING
        && current.attempt() == seen.attempt()
        && seen.operationName().equals(current.operationName());
  }
}
