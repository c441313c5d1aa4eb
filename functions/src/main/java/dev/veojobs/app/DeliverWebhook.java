package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.Job;
import dev.veojobs.job.WebhookEvent;
import java.time.Clock;
import java.util.Objects;

/**
 * The webhook step, the reading end of the outbox: reads the job and, while it still owes
 * {@code event}, hands it to the {@link WebhookSender}, then clears what it owes. The job is read
 * again rather than carried in the task, so the body always reflects what the API shows. A job that
 * owes nothing (already delivered by an earlier task, or never owed) is left alone, so duplicate
 * and re-driven tasks send at most once more, and receivers deduplicate on {@code webhook-id}.
 */
public final class DeliverWebhook {
  private final JobStore store;
  private final WebhookSender sender;
  private final Clock clock;

  public DeliverWebhook(JobStore store, WebhookSender sender, Clock clock) {
    this.store = store;
    this.sender = sender;
    this.clock = clock;
  }

  /**
   * Delivers the {@code event} webhook of an ended job.
   *
   * @throws dev.veojobs.job.RetryableFailure when the receiver or the store asks for another attempt
   */
  public StepResult handle(String jobId, WebhookEvent event) {
    Objects.requireNonNull(event, "event");
    TaskJob found = TaskJob.find(store, jobId);
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (!job.owesWebhook(event)) {
      return StepResult.ignored(Reason.WRONG_STAGE, "job owes no " + event.type() + " webhook");
    }
    StepResult sent = job.request().webhookUrl() == null
        ? StepResult.ignored(Reason.NO_WEBHOOK_URL, "job has no webhook_url")
        : sender.send(job);
    store.update(jobId, current -> current.owesWebhook(event)
        ? Decision.write(current.webhookSettled(event, clock.instant()), null, true)
        : Decision.noChange(false));
    return sent;
  }
}
