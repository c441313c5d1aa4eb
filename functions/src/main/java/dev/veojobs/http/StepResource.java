package dev.veojobs.http;

import dev.veojobs.app.StepResult;

/**
 * The answer of a task step (always 2xx): {@code {"outcome":"IGNORED","reason":"STALE_POLL","detail":"…"}};
 * {@code reason} is null when the step was DONE.
 */
record StepResource(String outcome, String reason, String detail) {

  static StepResource of(StepResult result) {
    return new StepResource(result.kind().name(), result.reason() == null ? null : result.reason().name(),
        result.detail());
  }
}
