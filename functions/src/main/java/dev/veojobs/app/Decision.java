package dev.veojobs.app;

import dev.veojobs.job.Job;

/**
 * What a {@link JobChange} decided. {@code updated} null means "write nothing" (a stale or
 * duplicate delivery, or a poll that found Veo still running). {@code event} is appended to
 * {@code jobs/{id}/events} and {@code usage} is added to the owner's daily counters, in the same
 * transaction as the job.
 */
public record Decision<R>(Job updated, JobEvent event, UsageDelta usage, R result) {

  public static <R> Decision<R> noChange(R result) {
    return new Decision<>(null, null, UsageDelta.NONE, result);
  }

  public static <R> Decision<R> write(Job updated, JobEvent event, R result) {
    return new Decision<>(updated, event, UsageDelta.NONE, result);
  }

  public Decision<R> withUsage(UsageDelta delta) {
    return new Decision<>(updated, event, delta, result);
  }

  public boolean writes() {
    return updated != null;
  }
}
