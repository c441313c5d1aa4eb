package dev.veojobs.emulators.veo;

import java.time.Instant;

/**
 * One accepted {@code predictLongRunning} call, i.e. one started (and billable) generation.
 * Rejected calls (validation errors, quota, scripted start errors) are not recorded.
 *
 * @param prompt the instance's prompt, or null for an image-only request
 * @param parametersJson the request's {@code parameters} object exactly as sent ("{}" if absent)
 * @param instanceJson {@code instances[0]} exactly as sent: the prompt and every input (image,
 *     lastFrame, referenceImages, video), so tests can see the wire shape a client produced
 */
public record StartRecord(String model, String prompt, String parametersJson, String operationName, Instant startedAt,
    String instanceJson) {

  public StartRecord(String model, String prompt, String parametersJson, String operationName, Instant startedAt) {
    this(model, prompt, parametersJson, operationName, startedAt, "{}");
  }
}
