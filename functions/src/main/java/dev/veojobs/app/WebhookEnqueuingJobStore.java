package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.RetryableFailure;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link JobStore} that, after a write ends a job COMPLETED or FAILED, schedules the job's webhook
 * delivery (when it has a {@code webhook_url}). Wrapping the store catches every place that ends a
 * job (finalize, Veo rejections, poll failures, deadlines in the worker and the sweeper) without each
 * use case knowing about webhooks. The task name is deterministic per job and event, so a transaction
 * retried by the store, or a duplicate step, never schedules a second delivery.
 *
 * <p>If Cloud Tasks is unavailable right after the write, that webhook is lost (logged); the job
 * itself is already durable and readable through the API.
 */
public final class WebhookEnqueuingJobStore implements JobStore {
  private static final System.Logger LOG = System.getLogger(WebhookEnqueuingJobStore.class.getName());

  private final JobStore delegate;
  private final TaskQueue tasks;

  public WebhookEnqueuingJobStore(JobStore delegate, TaskQueue tasks) {
    this.delegate = delegate;
    this.tasks = tasks;
  }

  @Override
  public <R> R update(String jobId, JobChange<R> change) {
    // A store may run the change more than once (transaction retries); the last run is what was committed.
    AtomicReference<Decision<R>> committed = new AtomicReference<>();
    R result = delegate.update(jobId, current -> {
      Decision<R> decision = change.decide(current);
      committed.set(decision);
      return decision;
    });
    Decision<R> decision = committed.get();
    if (decision != null && decision.writes() && decision.event() != null) {
      enqueueWebhook(decision.updated(), decision.event().type());
    }
    return result;
  }

  /** Only the write that records the job.completed / job.failed event schedules its webhook. */
  private void enqueueWebhook(Job job, String eventType) {
    if (job == null || job.request() == null || job.request().webhookUrl() == null) {
      return;
    }
    TaskPayload.Step step = switch (eventType) {
      case JobEvents.COMPLETED -> TaskPayload.Step.WEBHOOK_COMPLETED;
      case JobEvents.FAILED -> TaskPayload.Step.WEBHOOK_FAILED;
      default -> null;
    };
    if (step == null) {
      return;
    }
    try {
      tasks.enqueue(Tasks.webhook(job.id(), step));
    } catch (RetryableFailure e) {
      LOG.log(Level.WARNING, "job {0} ended but its webhook could not be scheduled: {1}", job.id(), e.getMessage());
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
  public List<Job> findStalled(Instant updatedBefore, int limit) {
    return delegate.findStalled(updatedBefore, limit);
  }
}
