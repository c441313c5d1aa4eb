package dev.veojobs.emulators.tasks;

import java.time.Duration;
import java.time.Instant;

/** What one HTTP delivery came back with; {@code retryAfter} is null unless the target sent one. */
record DeliveryResult(int status, DispatchRecord.Outcome outcome, Duration retryAfter, Instant finishedAt) {
  boolean gotResponse() {
    return outcome == DispatchRecord.Outcome.SUCCEEDED || outcome == DispatchRecord.Outcome.HTTP_ERROR;
  }
}
