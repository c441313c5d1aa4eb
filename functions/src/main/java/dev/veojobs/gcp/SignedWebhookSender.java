package dev.veojobs.gcp;

import dev.veojobs.app.JobView;
import dev.veojobs.app.StepResult;
import dev.veojobs.app.WebhookSender;
import dev.veojobs.job.Job;
import dev.veojobs.job.WebhookEvent;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.security.webhook.DeliveryResult;
import dev.veojobs.security.webhook.WebhookDelivery;
import dev.veojobs.security.webhook.WebhookMessageIds;
import dev.veojobs.security.webhook.WebhookPayloads;
import java.time.Instant;

/**
 * Sends a job's webhook with the Standard Webhooks signature: the body from {@link WebhookPayloads},
 * the same {@code webhook-id} for every attempt of one event (receivers deduplicate on it), and
 * {@link WebhookDelivery}, which checks the URL again, never follows redirects and classifies the answer.
 */
public final class SignedWebhookSender implements WebhookSender {
  private final WebhookDelivery delivery;

  public SignedWebhookSender(WebhookDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public StepResult send(JobView view, WebhookEvent event) {
    Job job = view.job();
    String type = event.type();
    Instant at = event == WebhookEvent.STARTED ? job.startedAt()
        : job.completedAt() != null ? job.completedAt() : job.updatedAt();
    at = at != null ? at : job.updatedAt();
    byte[] body = switch (event) {
      case STARTED -> WebhookPayloads.jobStarted(job.id(), at, job.attempt());
      case COMPLETED -> WebhookPayloads.jobCompleted(job.id(), at, view.videoUrl(), view.videoUrlExpiresAt(),
          view.videos().stream().map(v -> new WebhookPayloads.Video(v.url(), v.expiresAt(), v.width(), v.height(),
              v.durationSeconds())).toList());
      case FAILED -> WebhookPayloads.jobFailed(job.id(), at,
          job.error() == null ? "UNKNOWN" : job.error().code().name(), job.error() == null ? "" : job.error().message());
      case CANCELED -> WebhookPayloads.jobCanceled(job.id(), at);
    };
    DeliveryResult result = delivery.deliver(job.request().webhookUrl(), WebhookMessageIds.forEvent(job.id(), type), body);
    return switch (result.outcome()) {
      case DELIVERED -> StepResult.done(type + " delivered (" + result.status() + ")");
      case PERMANENT -> StepResult.done(type + " not delivered, giving up: " + result.detail());
      case RETRYABLE -> throw new RetryableFailure(type + " delivery failed: " + result.detail(), result.retryAfter());
    };
  }
}
