package dev.veojobs.job;

/**
 * A validated create request, defaults applied. Optional fields are null only where the API
 * says "absent" is meaningful (negative prompt, image, node, project, webhook).
 *
 * <p>A request read back from a store written by an older version, by hand or by a migration may
 * lack the model or the parameters; they take the documented defaults here, so no reader (the
 * start step, the poll schedule, usage) ever sees them null.
 */
public record JobRequest(
    String prompt,
    String negativePrompt,
    String model,
    ImageInput image,
    VideoParameters parameters,
    String nodeId,
    String projectId,
    String webhookUrl) {

  public JobRequest {
    model = model == null ? VeoLimits.DEFAULT_MODEL : model;
    parameters = parameters == null ? VeoLimits.defaultParameters() : parameters;
  }
}
