package dev.veojobs.job;

/** An input image already in Cloud Storage (uploaded through a signed PUT URL). */
public record ImageInput(String gcsUri, String mimeType) {}
