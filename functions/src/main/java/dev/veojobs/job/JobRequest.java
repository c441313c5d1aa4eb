package dev.veojobs.job;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A validated create request, defaults applied. Optional fields are null only where the API
 * says "absent" is meaningful (negative prompt, image, node, project, webhook).
 *
 * <p>A request read back from a store written by an older version, by hand or by a migration may
 * lack the model, the parameters or the webhook events; they take the documented defaults here, so
 * no reader (the start step, the poll schedule, usage, the outbox) ever sees them null.
 */
public record JobRequest(
    String prompt,
    String negativePrompt,
    String model,
    ImageInput image,
    VideoParameters parameters,
    String nodeId,
    String projectId,
    String webhookUrl,
    Set<WebhookEvent> webhookEvents) {

  public JobRequest {
    model = model == null ? VeoLimits.DEFAULT_MODEL : model;
    parameters = parameters == null ? VeoLimits.defaultParameters() : parameters;
    webhookEvents = webhookEvents == null || webhookEvents.isEmpty()
        ? WebhookEvent.DEFAULT_SELECTION
        : Collections.unmodifiableSet(EnumSet.copyOf(webhookEvents));
  }

  /** A request with the default webhook events (the ending ones). */
  public JobRequest(String prompt, String negativePrompt, String model, ImageInput image, VideoParameters parameters,
      String nodeId, String projectId, String webhookUrl) {
    this(prompt, negativePrompt, model, image, parameters, nodeId, projectId, webhookUrl, null);
  }

  /** Whether the caller asked to hear about {@code event} at its webhook URL. */
  public boolean wantsWebhook(WebhookEvent event) {
    return webhookUrl != null && webhookEvents.contains(event);
  }
}
