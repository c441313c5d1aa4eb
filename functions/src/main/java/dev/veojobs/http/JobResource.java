package dev.veojobs.http;

/**
 * A job as the API shows it (DESIGN §4). Every field is always present; absent values are null,
 * so clients can tell "not yet" from "not sent". Timestamps are RFC 3339 in UTC. Where a video is
 * kept (its gs:// URI) is never shown: callers get signed URLs only.
 */
record JobResource(
    String id,
    String status,
    String stage,
    int progress,
    String model,
    String prompt,
    Parameters parameters,
    String nodeId,
    String projectId,
    String videoUrl,
    String videoUrlExpiresAt,
    java.util.List<Video> videos,
    Error error,
    int attempts,
    String createdAt,
    String updatedAt,
    String startedAt,
    String completedAt,
    String sourceJobId) {

  record Parameters(
      int durationSeconds,
      String aspectRatio,
      String resolution,
      int sampleCount,
      Long seed,
      boolean generateAudio,
      String personGeneration,
      boolean enhancePrompt) {}

  record Error(String code, String message) {}

  /** One sample's video: a signed https URL, when it expires, its frame size and length. */
  record Video(String url, String expiresAt, int width, int height, int durationSeconds) {}
}
