package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link JobStore} that passes every call on and, after an update wrote, shows the subclass what
 * was committed and what it replaced. A store may run a change more than once (transaction
 * retries): only the last run, the one committed, is shown, and only once.
 */
public abstract class CommitObservingJobStore implements JobStore {
  protected final JobStore delegate;

  protected CommitObservingJobStore(JobStore delegate) {
    this.delegate = delegate;
  }

  private record Committed<R>(Job before, Decision<R> decision) {}

  /** Called once after an update committed {@code decision} over {@code before}. */
  protected abstract void afterCommit(Job before, Decision<?> decision);

  @Override
  public <R> R update(String jobId, JobChange<R> change) {
    AtomicReference<Committed<R>> committed = new AtomicReference<>();
    R result = delegate.update(jobId, current -> {
      Decision<R> decision = change.decide(current);
      committed.set(new Committed<>(current, decision));
      return decision;
    });
    Committed<R> last = committed.get();
    if (last != null && last.decision().writes()) {
      afterCommit(last.before(), last.decision());
    }
    return result;
  }

  @Override
  public CreateOutcome create(Job job, AdmissionLimits limits) {
    return delegate.create(job, limits);
  }

  @Override
  public Optional<Job> find(String jobId) {
    return delegate.find(jobId);
  }

  @Override
  public JobPage list(JobQuery query) {
    return delegate.list(query);
  }

  @Override
  public Optional<Job> latestForNode(String ownerUid, String nodeId) {
    return delegate.latestForNode(ownerUid, nodeId);
  }

  @Override
  public SweepBatch findStalled(Instant updatedBefore, int limit) {
    return delegate.findStalled(updatedBefore, limit);
  }

  @Override
  public SweepBatch findPastDeadline(Instant now, int limit) {
    return delegate.findPastDeadline(now, limit);
  }

  @Override
  public SweepBatch findOwedWebhooks(Instant dueBefore, int limit) {
    return delegate.findOwedWebhooks(dueBefore, limit);
  }
}
