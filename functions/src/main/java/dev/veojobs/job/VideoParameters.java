package dev.veojobs.job;

/**
 * Veo generation parameters after defaults are applied: nothing here is ever null except
 * {@code seed}, which Veo treats as "random" when absent.
 */
public record VideoParameters(
    int durationSeconds,
    String aspectRatio,
    String resolution,
    int sampleCount,
    Long seed,
    boolean generateAudio,
    String personGeneration,
    boolean enhancePrompt) {}
