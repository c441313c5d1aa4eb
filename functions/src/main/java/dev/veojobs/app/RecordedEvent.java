package dev.veojobs.app;

import java.time.Instant;
import java.util.Map;

/** One stored {@link JobEvent}: its place in the job's history and the time the store gave it. */
public record RecordedEvent(long seq, String type, Instant at, Map<String, Object> data) {}
