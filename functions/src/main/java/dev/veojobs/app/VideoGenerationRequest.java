package dev.veojobs.app;

import dev.veojobs.job.ImageInput;
import dev.veojobs.job.ReferenceImage;
import dev.veojobs.job.VideoParameters;
import java.util.List;

/**
 * What the start step asks Veo for; {@code outputUri} is a gs:// prefix Veo writes into.
 * {@code lastFrame} and {@code referenceImages} are further input images; {@code sourceVideoUri} is
 * the gs:// video an extension continues (null otherwise).
 */
public record VideoGenerationRequest(
    String model,
    String prompt,
    String negativePrompt,
    ImageInput image,
    ImageInput lastFrame,
    List<ReferenceImage> referenceImages,
    String sourceVideoUri,
    VideoParameters parameters,
    String outputUri) {

  public VideoGenerationRequest {
    referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
  }

  /** A text or first-frame request. */
  public VideoGenerationRequest(String model, String prompt, String negativePrompt, ImageInput image,
      VideoParameters parameters, String outputUri) {
    this(model, prompt, negativePrompt, image, null, List.of(), null, parameters, outputUri);
  }

  public boolean isExtension() {
    return sourceVideoUri != null;
  }
}
