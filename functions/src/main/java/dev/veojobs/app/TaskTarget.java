package dev.veojobs.app;

/** Which private function a task is delivered to. */
public enum TaskTarget {
  WORKER,
  FINALIZER
}
