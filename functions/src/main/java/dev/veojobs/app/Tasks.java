package dev.veojobs.app;

import dev.veojobs.app.TaskPayload.Step;
import dev.veojobs.job.WebhookEvent;
import java.time.Instant;

/** Builds the three kinds of task; the payload always carries the job's own id. */
final class Tasks {
  private Tasks() {}

  static TaskRequest start(String name, String jobId, int attempt) {
    return new TaskRequest(name, TaskTarget.WORKER, new TaskPayload(jobId, Step.START, attempt, 0), null);
  }

  static TaskRequest poll(String name, String jobId, int attempt, int poll, Instant notBefore) {
    return new TaskRequest(name, TaskTarget.WORKER, new TaskPayload(jobId, Step.POLL, attempt, poll), notBefore);
  }

  static TaskRequest finalizing(String name, String jobId, int attempt) {
    return new TaskRequest(name, TaskTarget.FINALIZER, new TaskPayload(jobId, Step.FINALIZE, attempt, 0), null);
  }

  static TaskRequest webhook(String name, String jobId, WebhookEvent event) {
    return new TaskRequest(name, TaskTarget.WEBHOOKS, new TaskPayload(jobId, Step.webhook(event), 0, 0), null);
  }
}
