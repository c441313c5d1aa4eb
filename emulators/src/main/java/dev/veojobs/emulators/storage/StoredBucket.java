package dev.veojobs.emulators.storage;

import java.time.Instant;

/** A bucket as the emulator holds it: only what the JSON API resource reports. */
record StoredBucket(String name, String project, Instant timeCreated) {}
