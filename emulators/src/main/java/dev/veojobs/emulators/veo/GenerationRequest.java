package dev.veojobs.emulators.veo;

/**
 * A validated {@code predictLongRunning} body, with Veo's defaults filled in.
 *
 * @param prompt null when only an image was given
 * @param storageUri null for inline results; otherwise a gs:// prefix ending in '/'
 * @param parametersJson the {@code parameters} object as sent, for the start log
 */
record GenerationRequest(
    String prompt,
    boolean hasImage,
    int sampleCount,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    String storageUri,
    String parametersJson) {

  boolean portrait() {
    return "9:16".equals(aspectRatio);
  }
}
