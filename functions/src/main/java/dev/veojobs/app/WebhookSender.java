package dev.veojobs.app;

import dev.veojobs.job.Job;

/**
 * Port: one signed delivery attempt of a job's webhook to its {@code webhook_url}. The result is
 * the step's answer: done (delivered, or refused for good), or retry so Cloud Tasks backs off.
 */
@FunctionalInterface
public interface WebhookSender {
  StepResult send(Job job, TaskPayload.Step event);
}
