package dev.veojobs.app;

/** One video from Veo: either in Cloud Storage ({@code gcsUri}) or inline ({@code bytes}). */
public record GeneratedVideo(String gcsUri, byte[] bytes, String mimeType) {}
