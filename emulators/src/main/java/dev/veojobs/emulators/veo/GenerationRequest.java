package dev.veojobs.emulators.veo;

import java.util.List;

/**
 * A validated {@code predictLongRunning} body, with Veo's defaults filled in.
 *
 * @param prompt null when only an image was given
 * @param storageUri null for inline results; otherwise a gs:// prefix ending in '/'
 * @param parametersJson the {@code parameters} object as sent, for the start log
 * @param imageUri the first frame's gcsUri (or "(bytes)"), null without one
 * @param lastFrameUri the last frame's gcsUri (or "(bytes)"), null without one
 * @param referenceUris the reference images' gcsUris, in order
 * @param videoUri the video an extension continues, null otherwise
 * @param sourceSeconds that video's length when the emulator could read it, else 0
 * @param instanceJson {@code instances[0]} exactly as sent, for the start log
 */
record GenerationRequest(
    String prompt,
    boolean hasImage,
    int sampleCount,
    int durationSeconds,
    String aspectRatio,
    String resolution,
    String storageUri,
    String parametersJson,
    String imageUri,
    String lastFrameUri,
    List<String> referenceUris,
    String videoUri,
    int sourceSeconds,
    String instanceJson) {

  GenerationRequest {
    referenceUris = referenceUris == null ? List.of() : List.copyOf(referenceUris);
  }

  boolean portrait() {
    return "9:16".equals(aspectRatio);
  }

  boolean isExtension() {
    return videoUri != null;
  }

  /** The same request once the source video's length is known: the result holds the source, then the continuation. */
  GenerationRequest withSourceSeconds(int seconds) {
    return new GenerationRequest(prompt, hasImage, sampleCount, seconds + StartRequestParser.EXTENSION_SECONDS,
        aspectRatio, resolution, storageUri, parametersJson, imageUri, lastFrameUri, referenceUris, videoUri, seconds,
        instanceJson);
  }
}
