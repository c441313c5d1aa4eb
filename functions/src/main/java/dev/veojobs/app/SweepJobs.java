package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.WebhookEvent;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The safety net, run on a schedule. It looks at three kinds of job: live jobs past their deadline
 * (first, so a deadline holds within one sweep interval), live jobs not updated for
 * {@code sweepStallAfter}, and ended jobs that still owe a webhook (the outbox).
 *
 * <p>Every re-drive enqueues first and writes after: the new task exists before anything makes the
 * old one stale, so a failed enqueue leaves the job exactly as it was (still valid, found again next
 * sweep), and the write that follows is conditional on the job not having moved. New tasks carry
 * {@code -r{round}} names (round = time / stall window), so two overlapping sweeps enqueue the same
 * task once.
 *
 * <p>Per stage: QUEUED and STARTING get a start task (the start step itself decides: it waits for a
 * held lease, reconciles an uncertain start, fails a job past its deadline). GENERATING gets a new
 * poll chain numbered past anything the old chain can have reached, which makes the old chain's
 * polls stale; a job past its deadline gets it at once, so the operation is looked at once before
 * the poll fails the job (a finished video is never thrown away for the deadline). FINALIZING gets
 * a new finalize task — at once when past the deadline — and fails only {@link #FINALIZE_GRACE}
 * past the deadline: the video exists, so it is stored rather than thrown away. A QUEUED job past
 * its deadline was never claimed, so no Veo call can be in flight for it: it is failed at once.
 *
 * <p>One bad job (an unreadable document, a refused enqueue, any error) is counted and logged; the
 * pass goes on with the others.
 */
public final class SweepJobs {
  private static final System.Logger LOG = System.getLogger(SweepJobs.class.getName());
  public static final int DEFAULT_BATCH_SIZE = 200;
  /** Extra poll numbers skipped when restarting a chain, against clock skew between instances. */
  static final int POLL_NUMBER_MARGIN = 2;
  /** A finalizing job has its video; it gets this long past the deadline to store it. */
  public static final Duration FINALIZE_GRACE = Duration.ofMinutes(30);
  /** An owed webhook is re-driven for this long after the job was created, then given up. */
  public static final Duration WEBHOOK_GIVE_UP_AFTER = Duration.ofHours(24);

  private final JobStore store;
  private final TaskQueue tasks;
  private final PipelineSettings settings;
  private final Clock clock;
  private final int batchSize;

  public SweepJobs(JobStore store, TaskQueue tasks, PipelineSettings settings, Clock clock) {
    this(store, tasks, settings, clock, DEFAULT_BATCH_SIZE);
  }

  public SweepJobs(JobStore store, TaskQueue tasks, PipelineSettings settings, Clock clock, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.store = store;
    this.tasks = tasks;
    this.settings = settings;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  private enum Outcome {
    FAILED, START, POLLS, FINALIZE, WEBHOOKS, ABANDONED, SKIPPED
  }

  /**
   * One pass over at most one batch of each kind of candidate.
   *
   * @throws RetryableFailure when the candidates cannot be listed (the scheduler retries)
   */
  public SweepReport sweep() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.sweepStallAfter());
    SweepBatch pastDeadline = store.findPastDeadline(now, batchSize);
    SweepBatch stalled = store.findStalled(cutoff, batchSize);
    SweepBatch owing = store.findOwedWebhooks(cutoff, batchSize);
    Map<String, Job> candidates = new LinkedHashMap<>();
    for (SweepBatch batch : new SweepBatch[] {pastDeadline, stalled, owing}) {
      batch.jobs().forEach(job -> candidates.putIfAbsent(job.id(), job));
    }

    int[] counts = new int[Outcome.values().length];
    int errors = 0;
    for (Job candidate : candidates.values()) {
      try {
        counts[redrive(candidate.id(), now, cutoff).ordinal()]++;
      } catch (JobNotFoundException e) {
        counts[Outcome.SKIPPED.ordinal()]++;
      } catch (RetryableFailure e) {
        errors++;
        LOG.log(Level.WARNING, "sweep could not re-drive job {0}; the next sweep will: {1}", candidate.id(),
            e.getMessage());
      } catch (RuntimeException e) {
        errors++;
        LOG.log(Level.ERROR, "sweep failed on job {0}; the pass goes on: {1}", candidate.id(), e.toString());
      }
    }
    int unreadable = pastDeadline.unreadable() + stalled.unreadable() + owing.unreadable();
    if (unreadable > 0) {
      LOG.log(Level.ERROR, "sweep skipped {0} unreadable job documents", unreadable);
    }
    return new SweepReport(candidates.size(), counts[Outcome.FAILED.ordinal()], counts[Outcome.START.ordinal()],
        counts[Outcome.POLLS.ordinal()], counts[Outcome.FINALIZE.ordinal()], counts[Outcome.WEBHOOKS.ordinal()],
        counts[Outcome.ABANDONED.ordinal()], counts[Outcome.SKIPPED.ordinal()], errors, unreadable);
  }

  /** Decides on a fresh read of the job, enqueues, then writes only if the job has not moved. */
  private Outcome redrive(String jobId, Instant now, Instant cutoff) {
    Job job = store.find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    long round = now.toEpochMilli() / Math.max(1, settings.sweepStallAfter().toMillis());
    if (job.isTerminal()) {
      return redriveWebhooks(job, now, cutoff, round);
    }
    boolean pastDeadline = job.isPastDeadline(now);
    boolean stalledJob = job.updatedAt() == null || job.updatedAt().isBefore(cutoff);
    if (!pastDeadline && !stalledJob) {
      return Outcome.SKIPPED;
    }
    if (job.stage() == JobStage.QUEUED && pastDeadline) {
      // Never claimed, so Veo was never called for it: fail it here rather than through a start
      // task, so the deadline holds even while Cloud Tasks refuses enqueues.
      boolean failed = FailJob.failIfAt(store, jobId, JobStage.QUEUED, JobErrors.deadlineExceeded(settings.jobDeadline()), now);
      return failed ? Outcome.FAILED : Outcome.SKIPPED;
    }
    return switch (job.stage()) {
      case QUEUED, STARTING -> {
        if (job.isLeaseHeld(now)) {
          yield Outcome.SKIPPED;
        }
        tasks.enqueue(Tasks.start(TaskNames.startRedrive(jobId, round), jobId, Math.max(1, job.attempt())));
        touchIfUnchanged(job, now);
        yield Outcome.START;
      }
      case GENERATING -> {
        int firstPoll = nextChainStart(job, now, settings);
        tasks.enqueue(Tasks.poll(TaskNames.pollRedrive(jobId, firstPoll, round), jobId, job.attempt(), firstPoll, null));
        store.update(jobId, current -> sameChain(current, job)
            ? Decision.write(current.restartPolls(firstPoll, now), null, true)
            : Decision.noChange(false));
        yield Outcome.POLLS;
      }
      case FINALIZING -> {
        if (job.deadlineAt() != null && !now.isBefore(job.deadlineAt().plus(FINALIZE_GRACE))) {
          JobError error = JobErrors.deadlineExceeded(settings.jobDeadline());
          boolean failed = FailJob.failIfAt(store, jobId, JobStage.FINALIZING, error, now);
          yield failed ? Outcome.FAILED : Outcome.SKIPPED;
        }
        if (!stalledJob && !pastDeadline) {
          yield Outcome.SKIPPED;
        }
        tasks.enqueue(Tasks.finalizing(TaskNames.finalizingRedrive(jobId, round), jobId, job.attempt()));
        touchIfUnchanged(job, now);
        yield Outcome.FINALIZE;
      }
      case DONE -> Outcome.SKIPPED;
    };
  }

  private Outcome redriveWebhooks(Job job, Instant now, Instant cutoff, long round) {
    if (job.webhooksOwed().isEmpty() || job.webhookDueAt() == null || !job.webhookDueAt().isBefore(cutoff)) {
      return Outcome.SKIPPED;
    }
    if (job.createdAt() != null && now.isAfter(job.createdAt().plus(WEBHOOK_GIVE_UP_AFTER))) {
      store.update(job.id(), current -> current.webhooksOwed().isEmpty()
          ? Decision.noChange(false)
          : Decision.write(current.webhooksAbandoned(now), null, true));
      LOG.log(Level.ERROR, "job {0}: gave up on webhooks {1} after {2}", job.id(), job.webhooksOwed(),
          WEBHOOK_GIVE_UP_AFTER);
      return Outcome.ABANDONED;
    }
    for (WebhookEvent event : job.webhooksOwed()) {
      tasks.enqueue(Tasks.webhook(TaskNames.webhookRedrive(job.id(), event, round), job.id(), event));
    }
    store.update(job.id(), current -> current.webhooksOwed().isEmpty()
        ? Decision.noChange(false)
        : Decision.write(current.webhooksRedriven(now), null, true));
    return Outcome.WEBHOOKS;
  }

  /** Marks a re-driven job looked after, so the next sweeps leave it alone for a stall window. */
  private void touchIfUnchanged(Job seen, Instant now) {
    store.update(seen.id(), current -> !current.isTerminal() && current.stage() == seen.stage()
        && current.attempt() == seen.attempt() && Objects.equals(current.updatedAt(), seen.updatedAt())
        ? Decision.write(current.touch(now), null, true)
        : Decision.noChange(false));
  }

  private static boolean sameChain(Job current, Job seen) {
    return !current.isTerminal() && current.stage() == JobStage.GENERATING
        && current.attempt() == seen.attempt() && current.pollCount() == seen.pollCount();
  }

  /**
   * A poll number no poll of the current chain can have reached: the chain began at
   * {@code pollCount} when the job was last written, and each later poll waits at least the
   * shortest gap after the one before it.
   */
  static int nextChainStart(Job job, Instant now, PipelineSettings settings) {
    Instant chainBegan = job.updatedAt() != null ? job.updatedAt() : now;
    long elapsed = Math.max(0, Duration.between(chainBegan, now).toMillis());
    long reachable = elapsed / PollSchedule.shortestGap(settings).toMillis() + 1;
    long next = (long) Math.max(job.pollCount(), 1) + reachable + POLL_NUMBER_MARGIN;
    return (int) Math.min(next, Integer.MAX_VALUE);
  }
}
