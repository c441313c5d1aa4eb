package dev.veojobs.app;

/** Port: Cloud Tasks. Task names are deterministic, so a duplicate enqueue is harmless. */
public interface TaskQueue {

  /**
   * Schedules {@code task}. Returns false when a task of that name already exists or ran
   * recently (ALREADY_EXISTS), which means "already scheduled" and is success.
   *
   * @throws dev.veojobs.job.RetryableFailure when Cloud Tasks is unavailable
   */
  boolean enqueue(TaskRequest task);
}
