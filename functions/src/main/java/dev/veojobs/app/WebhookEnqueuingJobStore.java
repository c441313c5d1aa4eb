package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.WebhookEvent;
import java.lang.System.Logger.Level;

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
public final class WebhookEnqueuingJobStore extends CommitObservingJobStore {
  private static final System.Logger LOG = System.getLogger(WebhookEnqueuingJobStore.class.getName());

  private final TaskQueue tasks;

  public WebhookEnqueuingJobStore(JobStore delegate, TaskQueue tasks) {
    super(delegate);
    this.tasks = tasks;
  }

  @Override
  protected void afterCommit(Job before, Decision<?> decision) {
    Job after = decision.updated();
    for (WebhookEvent event : after.webhooksOwed()) {
      if (!before.owesWebhook(event)) {
        enqueueWebhook(after.id(), event);
      }
    }
  }

  private void enqueueWebhook(String jobId, WebhookEvent event) {
    try {
      tasks.enqueue(Tasks.webhook(TaskNames.webhook(jobId, event), jobId, event));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "job {0} owes its {1} webhook; scheduling failed, the sweeper will re-drive it: {2}",
          jobId, event.type(), e.getMessage());
    }
  }
}
