package dev.veojobs.emulators.veo;

import java.time.Instant;

/**
 * One accepted {@code predictLongRunning} call, i.e. one started (and billable) generation.
 * Rejected calls (validation errors, quota, scripted start errors) are not recorded.
 *
 * @param prompt the instance's prompt, or null for an image-only request
 * @param parametersJson the request's {@code parameters} object exactly as sent ("{}" if absent)
 */
public record StartRecord(String model, String prompt, String parametersJson, String operationName, Instant startedAt) {}
