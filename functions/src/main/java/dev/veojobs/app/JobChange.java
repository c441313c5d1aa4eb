package dev.veojobs.app;

import dev.veojobs.job.Job;

/** A decision over the current job, run inside a store transaction. Must be side-effect free. */
@FunctionalInterface
public interface JobChange<R> {
  Decision<R> decide(Job current);
}
