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
  private final JobViews views;
  private final Clock clock;

  /**
   * @param signer signs the video URLs a body carries at delivery, so a delivery re-driven hours
   *     after the job completed still carries URLs that work (as a GET of the job would)
   */
  public DeliverWebhook(JobStore store, WebhookSender sender, UrlSigner signer, PipelineSettings settings,
      Clock clock) {
    this.store = store;
    this.sender = sender;
    this.views = new JobViews(signer, settings, clock);
    this.clock = clock;
  }

  /**
   * Delivers the {@code event} webhook of a job: {@code started} while it generates, the others once it ended.
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
        : sender.send(views.view(job), event);
    store.update(jobId, current -> current.owesWebhook(event)
        ? Decision.write(current.webhookSettled(event, clock.instant()), null, true)
        : Decision.noChange(false));
    return sent;
  }
}
