package dev.veojobs.emulators.tasks;

import java.time.Instant;

/** A task the emulator still holds: waiting for its schedule time or being dispatched right now. */
public record TaskSnapshot(
    String taskName,
    String queueId,
    String url,
    String httpMethod,
    Instant scheduleTime,
    int dispatchCount,
    int responseCount,
    boolean dispatching) {}
