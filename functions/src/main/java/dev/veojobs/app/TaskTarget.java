package dev.veojobs.app;

/** Which private function a task is delivered to. */
public enum TaskTarget {
  WORKER,
  FINALIZER,
  /** The finalizer's {@code /webhooks} route: one signed delivery attempt per task attempt. */
  WEBHOOKS
}
