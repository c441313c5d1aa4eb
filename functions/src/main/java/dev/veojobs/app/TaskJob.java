package dev.veojobs.app;

import dev.veojobs.job.Job;

/**
 * The job a task names, read once at the start of a step, or the step's answer when there is no
 * job to work on: a job that does not exist (any more) ends the task quietly. A store outage
 * propagates (a retry, decided at the edge).
 */
record TaskJob(Job job, StepResult answer) {

  static TaskJob find(JobStore store, String jobId) {
    return store.find(jobId)
        .map(job -> new TaskJob(job, null))
        .orElseGet(() -> new TaskJob(null, StepResult.ignored(StepResult.Reason.NOT_FOUND, "no such job")));
  }

  boolean found() {
    return job != null;
  }
}
