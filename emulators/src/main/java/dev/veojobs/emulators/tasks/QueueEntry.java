package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.Queue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A queue the emulator holds, with its tasks and dispatch throttles. Guarded by the task store's lock. */
final class QueueEntry {
  final String name;
  final String id;
  final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
  private Queue queue;
  private TokenBucket bucket;
  private RetryPolicy retryPolicy;
  int inFlight;

  QueueEntry(Queue queue, Instant now) {
    this.name = queue.getName();
    this.id = ResourceNames.queueId(name);
    this.queue = queue;
    this.bucket =
        new TokenBucket(
            queue.getRateLimits().getMaxDispatchesPerSecond(), queue.getRateLimits().getMaxBurstSize(), now);
    this.retryPolicy = RetryPolicy.of(queue.getRetryConfig());
  }

  Queue queue() {
    return queue;
  }

  /** Replaces the settings; tokens already in the bucket carry over up to the new burst size. */
  void update(Queue updated, Instant now) {
    this.queue = updated;
    this.bucket =
        bucket.resized(
            updated.getRateLimits().getMaxDispatchesPerSecond(), updated.getRateLimits().getMaxBurstSize(), now);
    this.retryPolicy = RetryPolicy.of(updated.getRetryConfig());
  }

  void state(Queue.State state) {
    queue = queue.toBuilder().setState(state).build();
  }

  boolean running() {
    return queue.getState() == Queue.State.RUNNING;
  }

  boolean hasFreeSlot() {
    return inFlight < queue.getRateLimits().getMaxConcurrentDispatches();
  }

  TokenBucket bucket() {
    return bucket;
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
  }
}
