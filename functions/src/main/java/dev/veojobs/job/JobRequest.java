package dev.veojobs.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A validated create request, defaults applied. Optional fields are null only where the API
 * says "absent" is meaningful (negative prompt, image, last frame, extension source, node, project,
 * webhook); {@code referenceImages} is never null (empty when none were given).
 *
 * <p>A request read back from a store written by an older version, by hand or by a migration may
 * lack the model, the parameters, the Veo 3.1 inputs or the webhook events; they take the
 * documented defaults here, so no reader (the start step, the poll schedule, usage, the outbox)
 * ever sees them null.
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
    String webhookUrl,
    Set<WebhookEvent> webhookEvents) {

  public JobRequest {
    model = model == null ? VeoLimits.DEFAULT_MODEL : model;
    parameters = parameters == null ? VeoLimits.defaultParameters() : parameters;
    referenceImages = referenceImages == null ? List.of() : List.copyOf(referenceImages);
    webhookEvents = webhookEvents == null || webhookEvents.isEmpty()
        ? WebhookEvent.DEFAULT_SELECTION
        : Collections.unmodifiableSet(EnumSet.copyOf(webhookEvents));
  }

  /** A request with the default webhook events (the ending ones). */
  public JobRequest(String prompt, String negativePrompt, String model, ImageInput image, ImageInput lastFrame,
      List<ReferenceImage> referenceImages, VideoExtension extendFrom, VideoParameters parameters, String nodeId,
      String projectId, String webhookUrl) {
    this(prompt, negativePrompt, model, image, lastFrame, referenceImages, extendFrom, parameters, nodeId, projectId,
        webhookUrl, null);
  }

  /** A request with none of the Veo 3.1 inputs a canvas adds (first and last frame, references, extension). */
  public JobRequest(String prompt, String negativePrompt, String model, ImageInput image, VideoParameters parameters,
      String nodeId, String projectId, String webhookUrl, Set<WebhookEvent> webhookEvents) {
    this(prompt, negativePrompt, model, image, null, List.of(), null, parameters, nodeId, projectId, webhookUrl,
        webhookEvents);
  }

  /** A request with none of the Veo 3.1 inputs and the default webhook events. */
  public JobRequest(String prompt, String negativePrompt, String model, ImageInput image, VideoParameters parameters,
      String nodeId, String projectId, String webhookUrl) {
    this(prompt, negativePrompt, model, image, parameters, nodeId, projectId, webhookUrl, null);
  }

  /** Whether the caller asked to hear about {@code event} at its webhook URL. */
  public boolean wantsWebhook(WebhookEvent event) {
    return webhookUrl != null && webhookEvents.contains(event);
  }

  /** Every input image Veo reads for this request, first frame first; each gets the same checks. */
  public List<ImageInput> inputImages() {
    List<ImageInput> images = new ArrayList<>();
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
    return extendFrom != null ? extendFrom.resultSeconds() : parameters.durationSeconds();
  }
}
