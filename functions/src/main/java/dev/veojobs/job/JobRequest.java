package dev.veojobs.job;

import java.util.List;

/**
 * A validated create request, defaults applied. Optional fields are null only where the API
 * says "absent" is meaningful (negative prompt, image, last frame, extension source, node, project,
 * webhook); {@code referenceImages} is never null (empty when none were given).
 */
public record JobRequest(
    String prompt,
    String negativePrompt,
    String model,
    ImageInput image,
    ImageInput lastFrame,
    List<ReferenceImage> referenceImages,
    VideoExtension extendFrom,
    VideoParameters parameters,
    String nodeId,
    String projectId,
    String webhookUrl) {

  public JobRequest {
    referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
  }

  /** A request with none of the Veo 3.1 inputs a canvas adds (first and last frame, references, extension). */
  public JobRequest(String prompt, String negativePrompt, String model, ImageInput image, VideoParameters parameters,
      String nodeId, String projectId, String webhookUrl) {
    this(prompt, negativePrompt, model, image, null, List.of(), null, parameters, nodeId, projectId, webhookUrl);
  }

  /** Every input image Veo reads for this request, first frame first; each gets the same checks. */
  public List<ImageInput> inputImages() {
    java.util.ArrayList<ImageInput> images = new java.util.ArrayList<>();
    if (image != null) {
      images.add(image);
    }
    if (lastFrame != null) {
      images.add(lastFrame);
    }
    referenceImages.forEach(r -> images.add(r.image()));
    return List.copyOf(images);
  }

  /** The id of the job this one extends, or null. */
  public String sourceJobId() {
    return extendFrom == null ? null : extendFrom.sourceJobId();
  }

  /** How long the video this request makes is. */
  public int videoSeconds() {
    return extendFrom != null ? extendFrom.resultSeconds() : parameters == null ? 0 : parameters.durationSeconds();
  }
}
