package dev.veojobs.emulators.tasks;

import java.time.Instant;

/**
 * One HTTP delivery the emulator made, in the order they finished. Times are on the emulator
 * clock. {@code attempt} counts from 1 (the header X-CloudTasks-TaskRetryCount is
 * {@code attempt - 1}); a duplicate delivery injected by {@link TaskFaults#deliverTwice} repeats
 * its attempt number with {@code duplicate = true}. {@code responseStatus} is 0 when no response
 * came back (deadline exceeded, target unreachable).
 */
public record DispatchRecord(
    String taskName,
    String queueId,
    String taskId,
    String url,
    String httpMethod,
    int attempt,
    boolean duplicate,
    Instant scheduledFor,
    Instant dispatchedAt,
    Instant finishedAt,
    int responseStatus,
    Outcome outcome) {

  /** How the emulator judged the delivery. */
  public enum Outcome {
    /** 2xx: the task is done. */
    SUCCEEDED,
    /** Any other status: retried per the queue's RetryConfig. */
    HTTP_ERROR,
    /** No response within the task's dispatch_deadline (on the emulator clock or the wall clock). */
    DEADLINE_EXCEEDED,
    /** Connection refused, reset or a malformed URL. */
    UNREACHABLE,
    /** The handler answered, but the fault setting made the emulator act as if the response was lost. */
    RESPONSE_DROPPED
  }

  public int retryCount() {
    return attempt - 1;
  }
}
