package dev.veojobs.security.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of Veo Jobs webhooks, in the Standard Webhooks shape
 * {@code {"type","timestamp","data"}}. The bytes returned are exactly what is signed and sent.
 */
public final class WebhookPayloads {
  public static final String JOB_STARTED = "job.started";
  public static final String JOB_COMPLETED = "job.completed";
  public static final String JOB_FAILED = "job.failed";
  public static final String JOB_CANCELED = "job.canceled";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayloads() {}

  /** One sample's video in a body: a signed URL, when it stops working, its frame and length. */
  public record Video(String url, Instant expiresAt, int width, int height, int durationSeconds) {}

  /** Veo accepted the job's start; {@code attempt} counts the Veo calls the job made. */
  public static byte[] jobStarted(String jobId, Instant at, int attempt) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("job_id", jobId);
    data.put("status", "PROCESSING");
    data.put("attempts", attempt);
    return envelope(JOB_STARTED, at, data);
  }

  /** A job finished with a video; {@code videoUrl} is a signed URL valid until {@code videoUrlExpiresAt}. */
  public static byte[] jobCompleted(String jobId, Instant at, String videoUrl, Instant videoUrlExpiresAt) {
    return jobCompleted(jobId, at, videoUrl, videoUrlExpiresAt, List.of());
  }

  /**
   * A job finished with one video per sample; {@code videoUrl} is the first one's. The URLs are
   * signed and expire: a receiver that needs the video later gets fresh ones from
   * {@code GET /v1/jobs/{id}}, which signs again on every read.
   */
  public static byte[] jobCompleted(String jobId, Instant at, String videoUrl, Instant videoUrlExpiresAt,
      List<Video> videos) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("job_id", jobId);
    data.put("status", "COMPLETED");
    data.put("video_url", videoUrl);
    data.put("video_url_expires_at", videoUrlExpiresAt == null ? null : videoUrlExpiresAt.toString());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Video v : videos) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", v.url());
      m.put("expires_at", v.expiresAt() == null ? null : v.expiresAt().toString());
      m.put("width", v.width());
      m.put("height", v.height());
      m.put("duration_seconds", v.durationSeconds());
      list.add(m);
    }
    data.put("videos", list);
    return envelope(JOB_COMPLETED, at, data);
  }

  /** A job failed; {@code code} and {@code message} are the job's public (sanitized) error. */
  public static byte[] jobFailed(String jobId, Instant at, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("job_id", jobId);
    data.put("status", "FAILED");
    data.put("error", error);
    return envelope(JOB_FAILED, at, data);
  }

  /** The owner canceled the job; any video Veo still makes for it is never delivered. */
  public static byte[] jobCanceled(String jobId, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("job_id", jobId);
    data.put("status", "CANCELED");
    return envelope(JOB_CANCELED, at, data);
  }

  private static byte[] envelope(String type, Instant at, Map<String, Object> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("timestamp", at.toString());
    body.put("data", data);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webhook payload is not serializable", e);
    }
  }
}
