package dev.veojobs.emulators.stack.config;

import java.time.Duration;

/**
 * {@code queue.json}: the Cloud Tasks queue, shared by Terraform and the local stack. The dispatch
 * deadline is a per-task setting in Cloud Tasks; the functions set it when they enqueue.
 */
public record QueueFile(
    String name,
    double maxDispatchesPerSecond,
    int maxConcurrentDispatches,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    int maxDoublings,
    Duration maxRetryDuration,
    Duration dispatchDeadline) {}
