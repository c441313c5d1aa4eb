package dev.veojobs.job;

/**
 * A job that may be extended, as the request parser needs to see it: what the extension inherits
 * (model, aspect ratio, node, project) and the video it continues. Found by the caller of
 * {@link JobRequestParser#parse(java.util.Map, ExtensionSources)}, which also decides who may see it.
 */
public record ExtensionSource(
    String jobId,
    String model,
    String aspectRatio,
    int videoSeconds,
    String videoGcsUri,
    String nodeId,
    String projectId) {}
