package dev.veojobs.app;

import dev.veojobs.job.Job;

/**
 * Port: one signed delivery attempt of an ended job's webhook ({@code job.completed} or
 * {@code job.failed}, by the job's status) to its {@code webhook_url}. Returns DONE when the receiver
 * took it or refused it for good; throws {@link dev.veojobs.job.RetryableFailure}, with the
 * receiver's {@code Retry-After} when it gave one, so Cloud Tasks backs off and tries again.
 */
@FunctionalInterface
public interface WebhookSender {
  StepResult send(Job job);
}
