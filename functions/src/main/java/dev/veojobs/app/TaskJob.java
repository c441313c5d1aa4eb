package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.RetryableFailure;

/**
 * The job a task names, read once at the start of a step, or the step's answer when there is no
 * job to work on: a store outage is retried later, a job that does not exist (any more) ends the
 * task quietly.
 */
record TaskJob(Job job, StepResult answer) {

  static TaskJob find(JobStore store, String jobId) {
    try {
      return store.find(jobId)
          .map(job -> new TaskJob(job, null))
          .orElseGet(() -> new TaskJob(null, StepResult.ignored("no such job")));
    } catch (RetryableFailure e) {
      return new TaskJob(null, StepResult.retry("store unavailable: " + e.getMessage()));
    }
  }

  boolean found() {
    return job != null;
  }
}
