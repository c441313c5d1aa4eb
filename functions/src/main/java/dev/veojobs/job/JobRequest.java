package dev.veojobs.job;

/**
 * A validated create request, defaults applied. Optional fields are null only where the API
 * says "absent" is meaningful (negative prompt, image, node, project, webhook).
 */
public record JobRequest(
    String prompt,
    String negativePrompt,
    String model,
    ImageInput image,
    VideoParameters parameters,
    String nodeId,
    String projectId,
    String webhookUrl) {}
