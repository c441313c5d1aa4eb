package dev.veojobs.app;

import dev.veojobs.job.ImageInput;
import dev.veojobs.job.VideoParameters;

/** What the start step asks Veo for; {@code outputUri} is a gs:// prefix Veo writes into. */
public record VideoGenerationRequest(
    String model,
    String prompt,
    String negativePrompt,
    ImageInput image,
    VideoParameters parameters,
    String outputUri) {}
