package dev.veojobs.emulators.tasks;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The errors Cloud Tasks answers, with the codes and messages production gives (recorded from the
 * live API), so code that matches on them behaves the same against the emulator.
 */
final class ApiErrors {
  static final String QUEUE_NAME_FORMAT =
      "Queue name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>\".";
  static final String TASK_NAME_FORMAT =
      "Task name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>/tasks/<TASK_ID>\"";
  static final String QUEUE_DOES_NOT_EXIST =
      "Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.";
  static final String ENTITY_NOT_FOUND = "Requested entity was not found.";
  static final String TASK_EXISTED_RECENTLY =
      "The task no longer exists, though a task with this name existed recently. "
          + "The task either successfully completed or was deleted.";
  static final String TASK_ALREADY_EXISTS = "Requested entity already exists";
  static final String QUEUE_ALREADY_EXISTS = "Queue already exists";
  static final String QUEUE_EXISTED_RECENTLY =
      "The queue cannot be created because a queue with this name existed too recently.";
  static final String INVALID_PARENT = "Invalid resource field value in the request.";
  static final String TASK_TOO_LARGE = "Task size too large";
  static final String URL_REQUIRED = "HttpRequest.url is required.";
  static final String URL_SCHEME = "HttpTarget.url must start with 'http://' or 'https://'.";
  static final String DISPATCH_DEADLINE_RANGE = "Task.dispatchDeadline must be between [15s, 30m].";

  /** Production renders the offending schedule time in US Pacific time, to the second. */
  private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

  private ApiErrors() {}

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String message) {
    return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException failedPrecondition(String message) {
    return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String message) {
    return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException unimplementedMethod(String method) {
    return unimplemented(
        "Method google.cloud.tasks.v2.CloudTasks/" + method + " is not implemented by the Cloud Tasks emulator.");
  }

  static StatusRuntimeException invalidTaskId(String taskId) {
    return invalid(
        "Task ID \"" + taskId + "\" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), "
            + "or underscores (_). Task ID must between 1 and 500 characters.");
  }

  static StatusRuntimeException taskQueueMismatch(String parent, String queueOfTask) {
    return invalid(
        "The queue name from request ('" + parent + "') must be the same as the queue name in the named task ('"
            + queueOfTask + "').");
  }

  static StatusRuntimeException queueParentMismatch(String queueName, String parent) {
    return invalid(queueName + " must begin with " + parent + ".");
  }

  static StatusRuntimeException scheduleTooFarAhead(Instant scheduleTime) {
    String rendered =
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            scheduleTime.truncatedTo(ChronoUnit.SECONDS).atZone(PACIFIC).toOffsetDateTime());
    return invalid(
        "The Task.scheduleTime, " + rendered + ", is too far in the future. "
            + "Schedule time must be no more than 720h in the future.");
  }
}
