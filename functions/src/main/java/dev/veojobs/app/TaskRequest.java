package dev.veojobs.app;

import java.time.Instant;

/**
 * A task to schedule: {@code name} is the short task id (e.g. {@code {jobId}-poll-3}), the
 * target says which function receives it, and {@code notBefore} is the schedule time (null = now).
 */
public record TaskRequest(String name, TaskTarget target, TaskPayload payload, Instant notBefore) {}
