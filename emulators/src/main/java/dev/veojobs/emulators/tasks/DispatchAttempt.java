package dev.veojobs.emulators.tasks;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One attempt at a task, from the moment the dispatcher claims it until it is resolved by a
 * response, a failure or its dispatch deadline. Holds a snapshot of everything the HTTP request
 * needs so deliveries never touch the store's state.
 */
final class DispatchAttempt {
  final TaskEntry task;
  final QueueEntry queue;
  final int number;
  final Instant scheduledFor;
  final Instant dispatchedAt;
  final Instant deadline;
  final int executionCount;
  final Integer previousResponse;
  final TaskFaults.Settings faults;
  /** Set under the store's lock, once: later outcomes (a late response after the deadline) are ignored. */
  boolean resolved;

  private final List<CompletableFuture<?>> exchanges = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  DispatchAttempt(TaskEntry task, int number, Instant dispatchedAt, TaskFaults.Settings faults) {
    this.task = task;
    this.queue = task.queue;
    this.number = number;
    this.scheduledFor = task.scheduleTime;
    this.dispatchedAt = dispatchedAt;
    this.deadline = dispatchedAt.plus(task.dispatchDeadline());
    this.executionCount = task.executionCount;
    this.previousResponse = task.previousResponse;
    this.faults = faults;
  }

  void track(CompletableFuture<?> exchange) {
    exchanges.add(exchange);
    if (cancelled) {
      exchange.cancel(true);
    }
  }

  /** Abandons the HTTP exchanges still open, as Cloud Tasks does when the deadline passes. */
  void cancel() {
    cancelled = true;
    exchanges.forEach(e -> e.cancel(true));
  }

  DispatchRecord record(DeliveryResult result, boolean duplicate) {
    return new DispatchRecord(
        task.name(),
        queue.id,
        task.taskId(),
        task.request().getUrl(),
        task.request().getHttpMethod().name(),
        number,
        duplicate,
        scheduledFor,
        dispatchedAt,
        result.finishedAt(),
        result.status(),
        result.outcome());
  }
}
