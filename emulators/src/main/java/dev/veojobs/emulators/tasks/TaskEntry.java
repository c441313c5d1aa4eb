package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.Attempt;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Task;
import java.time.Duration;
import java.time.Instant;

/**
 * A task the emulator holds, with the bookkeeping Cloud Tasks keeps across attempts. Guarded by
 * the task store's lock.
 */
final class TaskEntry {
  /** The task as created: name, request with server defaults, create time, dispatch deadline. */
  final Task created;
  final QueueEntry queue;
  Instant scheduleTime;
  int dispatchCount;
  int responseCount;
  /** Responses the handler gave other than 5xx: what X-CloudTasks-TaskExecutionCount reports. */
  int executionCount;
  Integer previousResponse;
  Instant firstAttemptAt;
  Attempt firstAttempt;
  Attempt lastAttempt;
  DispatchAttempt current;

  TaskEntry(Task created, QueueEntry queue) {
    this.created = created;
    this.queue = queue;
    this.scheduleTime = ProtoTime.instant(created.getScheduleTime());
  }

  String name() {
    return created.getName();
  }

  String taskId() {
    return ResourceNames.taskId(created.getName());
  }

  HttpRequest request() {
    return created.getHttpRequest();
  }

  Instant createTime() {
    return ProtoTime.instant(created.getCreateTime());
  }

  Duration dispatchDeadline() {
    return ProtoTime.duration(created.getDispatchDeadline());
  }

  Task toProto(Task.View view) {
    Task.View effective = view == Task.View.FULL ? Task.View.FULL : Task.View.BASIC;
    Task.Builder b =
        created.toBuilder()
            .setScheduleTime(ProtoTime.timestamp(scheduleTime))
            .setDispatchCount(dispatchCount)
            .setResponseCount(responseCount)
            .setView(effective);
    if (firstAttempt != null) {
      b.setFirstAttempt(firstAttempt);
    }
    if (lastAttempt != null) {
      b.setLastAttempt(lastAttempt);
    }
    if (effective == Task.View.BASIC) {
      b.getHttpRequestBuilder().clearBody();
    }
    return b.build();
  }

  TaskSnapshot snapshot() {
    return new TaskSnapshot(
        name(),
        queue.id,
        request().getUrl(),
        request().getHttpMethod().name(),
        scheduleTime,
        dispatchCount,
        responseCount,
        current != null);
  }
}
