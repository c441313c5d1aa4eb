package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobStatus;

/**
 * The webhook step: reads the job and, when it really ended the way the task says and still has a
 * {@code webhook_url}, hands it to the {@link WebhookSender}. The job is read again rather than
 * carried in the task, so the body always reflects what the API shows.
 */
public final class DeliverWebhook {
  private final JobStore store;
  private final WebhookSender sender;

  public DeliverWebhook(JobStore store, WebhookSender sender) {
    this.store = store;
    this.sender = sender;
  }

  /**
   * Delivers the webhook of a job that ended {@code endedAs} (COMPLETED or FAILED).
   *
   * @throws dev.veojobs.job.RetryableFailure when the receiver or the store asks for another attempt
   */
  public StepResult handle(String jobId, JobStatus endedAs) {
    if (endedAs != JobStatus.COMPLETED && endedAs != JobStatus.FAILED) {
      throw new IllegalArgumentException("webhooks are sent for completed and failed jobs, not " + endedAs);
    }
    TaskJob found = TaskJob.find(store, jobId);
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (job.status() != endedAs) {
      return StepResult.ignored(Reason.WRONG_STAGE, "job is " + job.status() + ", not " + endedAs);
    }
    if (job.request().webhookUrl() == null) {
      return StepResult.ignored(Reason.NO_WEBHOOK_URL, "job has no webhook_url");
    }
    return sender.send(job);
  }
}
