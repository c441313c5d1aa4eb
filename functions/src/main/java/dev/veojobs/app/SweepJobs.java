package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.RetryableFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The safety net, run on a schedule: every live job that has not been updated for
 * {@code sweepStallAfter} is failed when past its deadline, or given a new task for its stage.
 *
 * <p>Each re-drive is decided in a transaction that re-checks the job is still stalled and marks
 * it (a newer {@code updated_at}); only the sweep that wins enqueues, so two overlapping sweeps do
 * not double a task, and the job is not re-driven again for another stall window. If the enqueue
 * then fails, the job is simply found again next time. New tasks carry {@code -r{round}} names
 * (round = time / stall window), unique per re-drive of a job.
 *
 * <p>Per stage: QUEUED and STARTING (lease expired, no operation) get a start task for the next
 * attempt, which fences out every older start task; a live lease is left alone. GENERATING jobs
 * look stalled even when healthy, because running polls write nothing; so the re-drive starts a
 * new poll chain numbered past anything the old chain can have reached by now (one poll per
 * shortest gap since the chain began, plus a margin), which makes the old chain's polls stale: at
 * most one chain survives, whichever state the old one was in. FINALIZING gets a new finalize task.
 */
public final class SweepJobs {
  private static final System.Logger LOG = System.getLogger(SweepJobs.class.getName());
  public static final int DEFAULT_BATCH_SIZE = 200;
  /** Extra poll numbers skipped when restarting a chain, against clock skew between instances. */
  static final int POLL_NUMBER_MARGIN = 2;

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

  private sealed interface Redrive {
    record Skip(String reason) implements Redrive {}

    record Failed() implements Redrive {}

    record Start(int attempt) implements Redrive {}

    record Poll(int attempt, int poll) implements Redrive {}

    record Finalize(int attempt) implements Redrive {}
  }

  /**
   * One pass over at most one batch of stalled jobs, oldest first.
   *
   * @throws RetryableFailure when the stalled jobs cannot be listed (the scheduler retries)
   */
  public SweepReport sweep() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.sweepStallAfter());
    long round = now.toEpochMilli() / Math.max(1, settings.sweepStallAfter().toMillis());
    List<Job> stalled = store.findStalled(cutoff, batchSize);

    int failed = 0, starts = 0, polls = 0, finalizes = 0, skipped = 0, errors = 0;
    for (Job candidate : stalled) {
      try {
        Redrive redrive = store.update(candidate.id(), job -> decide(job, now, cutoff));
        switch (redrive) {
          case Redrive.Skip skip -> skipped++;
          case Redrive.Failed f -> failed++;
          case Redrive.Start start -> {
            tasks.enqueue(Tasks.start(TaskNames.startRedrive(candidate.id(), round), candidate.id(), start.attempt()));
            starts++;
          }
          case Redrive.Poll poll -> {
            tasks.enqueue(Tasks.poll(TaskNames.pollRedrive(candidate.id(), poll.poll(), round), candidate.id(),
                poll.attempt(), poll.poll(), null));
            polls++;
          }
          case Redrive.Finalize fin -> {
            tasks.enqueue(Tasks.finalizing(TaskNames.finalizingRedrive(candidate.id(), round), candidate.id(),
                fin.attempt()));
            finalizes++;
          }
        }
      } catch (JobNotFoundException e) {
        skipped++;
      } catch (RetryableFailure e) {
        errors++;
        LOG.log(Level.WARNING, "sweep could not re-drive job {0}; next sweep will: {1}", candidate.id(), e.getMessage());
      }
    }
    return new SweepReport(stalled.size(), failed, starts, polls, finalizes, skipped, errors);
  }

  private Decision<Redrive> decide(Job job, Instant now, Instant cutoff) {
    if (job.isTerminal()) {
      return Decision.noChange(new Redrive.Skip("ended"));
    }
    if (job.updatedAt() != null && !job.updatedAt().isBefore(cutoff)) {
      return Decision.noChange(new Redrive.Skip("moved since the query"));
    }
    if (job.isPastDeadline(now)) {
      JobError error = JobErrors.deadlineExceeded(settings.jobDeadline());
      return Decision.write(job.fail(error, now), JobEvents.failed(job, error, now), new Redrive.Failed());
    }
    return switch (job.stage()) {
      case QUEUED -> Decision.write(job.touch(now), null, new Redrive.Start(job.attempt() + 1));
      case STARTING -> job.canClaimStart(now)
          ? Decision.write(job.touch(now), null, new Redrive.Start(job.attempt() + 1))
          : Decision.noChange(new Redrive.Skip("start lease held"));
      case GENERATING -> {
        int firstPoll = nextChainStart(job, now);
        yield Decision.write(job.restartPolls(firstPoll, now), null, new Redrive.Poll(job.attempt(), firstPoll));
      }
      case FINALIZING -> Decision.write(job.touch(now), null, new Redrive.Finalize(job.attempt()));
      case DONE -> Decision.noChange(new Redrive.Skip("done"));
    };
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

  private int nextChainStart(Job job, Instant now) {
    return nextChainStart(job, now, settings);
  }
}
