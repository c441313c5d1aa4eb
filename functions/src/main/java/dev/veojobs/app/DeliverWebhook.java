package dev.veojobs.app;

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

  public StepResult handle(TaskPayload payload) {
    JobStatus expected = switch (payload.step()) {
      case WEBHOOK_COMPLETED -> JobStatus.COMPLETED;
      case WEBHOOK_FAILED -> JobStatus.FAILED;
      default -> null;
    };
    if (expected == null) {
      return StepResult.ignored("not a webhook task: " + payload);
    }
    TaskJob found = TaskJob.find(store, payload.jobId());
    if (!found.found()) {
      return found.answer();
    }
    Job job = found.job();
    if (job.status() != expected) {
      return StepResult.ignored("job is " + job.status() + ", not " + expected);
    }
    if (job.request().webhookUrl() == null) {
      return StepResult.ignored("job has no webhook_url");
    }
    return sender.send(job, payload.step());
  }
}
