package dev.veojobs.app;

import dev.veojobs.job.RetryableFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link TaskQueue} that keeps what was enqueued and, like Cloud Tasks, refuses a name twice. */
public final class RecordingTaskQueue implements TaskQueue {
  private final List<TaskRequest> accepted = new ArrayList<>();
  private final List<TaskRequest> attempted = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private int failing;

  /** The next {@code n} enqueues throw {@link RetryableFailure} and schedule nothing. */
  public synchronized void failNext(int n) {
    failing = n;
  }

  @Override
  public synchronized boolean enqueue(TaskRequest task) {
    attempted.add(task);
    if (failing > 0) {
      failing--;
      throw new RetryableFailure("injected: Cloud Tasks unavailable");
    }
    if (!names.add(task.name())) {
      return false;
    }
    accepted.add(task);
    return true;
  }

  /** Tasks that were scheduled (duplicates by name excluded), in order. */
  public synchronized List<TaskRequest> tasks() {
    return List.copyOf(accepted);
  }

  /** Every enqueue call, including refused and failed ones. */
  public synchronized List<TaskRequest> attempts() {
    return List.copyOf(attempted);
  }

  public synchronized List<String> names() {
    return accepted.stream().map(TaskRequest::name).toList();
  }

  public synchronized TaskRequest last() {
    return accepted.get(accepted.size() - 1);
  }

  /** Removes and returns the scheduled tasks, as if they were dispatched. */
  public synchronized List<TaskRequest> drain() {
    List<TaskRequest> out = List.copyOf(accepted);
    accepted.clear();
    return out;
  }
}
