package dev.veojobs.app;

import dev.veojobs.job.WebhookEvent;

/**
 * Port: one signed delivery attempt of a job's {@code event} webhook ({@code job.started},
 * {@code job.completed}, {@code job.failed} or {@code job.canceled}) to its {@code webhook_url}.
 * The job comes as the API shows it, video URLs signed for this delivery. Returns DONE when the
 * receiver took it or refused it for good; throws {@link dev.veojobs.job.RetryableFailure}, with the
 * receiver's {@code Retry-After} when it gave one, so Cloud Tasks backs off and tries again.
 */
@FunctionalInterface
public interface WebhookSender {
  StepResult send(JobView job, WebhookEvent event);
}
