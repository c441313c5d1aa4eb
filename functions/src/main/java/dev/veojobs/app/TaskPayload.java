package dev.veojobs.app;

import dev.veojobs.job.WebhookEvent;

/**
 * The JSON body of a task. {@code jobId} is the job's own id — never a new one.
 * {@code attempt} fences the start step; {@code poll} numbers the poll.
 */
public record TaskPayload(String jobId, Step step, int attempt, int poll) {
  public enum Step {
    START,
    POLL,
    FINALIZE,
    /** Deliver the job.started webhook of a job Veo accepted. */
    WEBHOOK_STARTED,
    /** Deliver the job.completed webhook of a completed job. */
    WEBHOOK_COMPLETED,
    /** Deliver the job.failed webhook of a failed job. */
    WEBHOOK_FAILED,
    /** Deliver the job.canceled webhook of a canceled job. */
    WEBHOOK_CANCELED;

    /** The step that delivers {@code event}. */
    public static Step webhook(WebhookEvent event) {
      return switch (event) {
        case STARTED -> WEBHOOK_STARTED;
        case COMPLETED -> WEBHOOK_COMPLETED;
        case FAILED -> WEBHOOK_FAILED;
        case CANCELED -> WEBHOOK_CANCELED;
      };
    }

    /** The webhook this step delivers, or null for the pipeline steps. */
    public WebhookEvent webhookEvent() {
      return switch (this) {
        case WEBHOOK_STARTED -> WebhookEvent.STARTED;
        case WEBHOOK_COMPLETED -> WebhookEvent.COMPLETED;
        case WEBHOOK_FAILED -> WebhookEvent.FAILED;
        case WEBHOOK_CANCELED -> WebhookEvent.CANCELED;
        default -> null;
      };
    }
  }
}
