package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.WebhookEvent;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link JobStore} that, after a write that left the job owing a webhook it did not owe before,
 * schedules that delivery at once. The debt itself is durable: {@link Job#complete}, {@link Job#fail}
 * and {@link Job#cancel} record it in the same transaction that ends the job (the outbox), so this
 * enqueue is only the fast path. If it fails, or the process dies right after the commit, the
 * sweeper finds the owed delivery ({@link JobStore#findOwedWebhooks}) and re-drives it. Wrapping the
 * store catches every place that ends a job without each use case knowing about webhooks. The task
 * name is deterministic per job and event, so a retried transaction or a duplicate step never
 * schedules a second delivery.
 */
public final class WebhookEnqueuingJobStore implements JobStore {
  private static final System.Logger LOG = System.getLogger(WebhookEnqueuingJobStore.class.getName());

  private final JobStore delegate;
  private final TaskQueue tasks;

  public WebhookEnqueuingJobStore(JobStore delegate, TaskQueue tasks) {
    this.delegate = delegate;
    this.tasks = tasks;
  }

  private record Committed<R>(Job before, Decision<R> decision) {}

  @Override
  public <R> R update(String jobId, JobChange<R> change) {
    // A store may run the change more than once (transaction retries); the last run is what was committed.
    AtomicReference<Committed<R>> committed = new AtomicReference<>();
    R result = delegate.update(jobId, current -> {
      Decision<R> decision = change.decide(current);
      committed.set(new Committed<>(current, decision));
      return decision;
    });
    Committed<R> last = committed.get();
    if (last != null && last.decision().writes()) {
      Job after = last.decision().updated();
      for (WebhookEvent event : after.webhooksOwed()) {
        if (!last.before().owesWebhook(event)) {
          enqueueWebhook(after.id(), event);
        }
      }
    }
    return result;
  }

  private void enqueueWebhook(String jobId, WebhookEvent event) {
    try {
      tasks.enqueue(Tasks.webhook(TaskNames.webhook(jobId, event), jobId, event));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "job {0} owes its {1} webhook; scheduling failed, the sweeper will re-drive it: {2}",
          jobId, event.type(), e.getMessage());
    }
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
