package dev.veojobs.app;

import java.time.Duration;

/** Stand-in (replaced on merge): what a pipeline step did. */
public record StepResult(Kind kind, String detail, Duration retryAfter) {
  public enum Kind {
    DONE,
    IGNORED,
    RETRY
  }
}
