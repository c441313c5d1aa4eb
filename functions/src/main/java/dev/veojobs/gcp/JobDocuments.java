package dev.veojobs.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.StoredVideo;
import dev.veojobs.job.VeoLimits;
import dev.veojobs.job.ReferenceImage;
import dev.veojobs.job.VideoExtension;
import dev.veojobs.job.VideoParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.stream.Collectors;
import dev.veojobs.job.WebhookEvent;

/**
 * The snake_case shape of {@code jobs/{id}} and the way back. {@code node_id} is stored twice:
 * inside {@code request} (what was asked) and at the top level (what the list queries filter on).
 * {@code created_at} and {@code updated_at} are stamped by the server.
 */
final class JobDocuments {
  static final String EVENT_SEQ = "event_seq";

  private JobDocuments() {}

  /** Every field of a new job, with both timestamps left to the server. */
  static Map<String, Object> forCreate(Job job) {
    Map<String, Object> fields = mutableFields(job);
    fields.put(FirestoreQueries.CREATED_AT, FieldValue.serverTimestamp());
    fields.put(FirestoreQueries.UPDATED_AT, FieldValue.serverTimestamp());
    return fields;
  }

  /** The fields an update replaces: everything but the id and the creation time. */
  static Map<String, Object> forUpdate(Job job) {
    Map<String, Object> fields = mutableFields(job);
    fields.put(FirestoreQueries.UPDATED_AT, FieldValue.serverTimestamp());
    return fields;
  }

  private static Map<String, Object> mutableFields(Job job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(FirestoreQueries.OWNER_UID, job.ownerUid());
    m.put(FirestoreQueries.STATUS, job.status().name());
    m.put("stage", job.stage().name());
    m.put("progress", (long) job.progress());
    m.put("request", request(job.request()));
    m.put(FirestoreQueries.NODE_ID, job.request().nodeId());
    m.put("attempt", (long) job.attempt());
    m.put("lease_until", timestamp(job.leaseUntil()));
    m.put("operation_name", job.operationName());
    m.put("poll_count", (long) job.pollCount());
    // The first sample's fields stay for readers from before every sample was kept; the lists hold them all.
    m.put("raw_video_uri", job.rawVideoUri());
    m.put("video_gcs_uri", job.videoGcsUri());
    m.put("video_url", job.videoUrl());
    m.put("video_url_expires_at", timestamp(job.videoUrlExpiresAt()));
    m.put("raw_video_uris", job.rawVideoUris());
    m.put("videos", job.videos().stream().map(JobDocuments::video).toList());
    m.put("error", job.error() == null ? null : error(job.error()));
    m.put("idempotency_key", job.idempotencyKey());
    m.put("request_fingerprint", job.requestFingerprint());
    m.put("started_at", timestamp(job.startedAt()));
    m.put("completed_at", timestamp(job.completedAt()));
    m.put("deadline_at", timestamp(job.deadlineAt()));
    m.put("claim_token", job.claimToken());
    m.put("reconcile_until", timestamp(job.reconcileUntil()));
    m.put(FirestoreQueries.WEBHOOKS_OWED, job.webhooksOwed().stream().map(Enum::name).sorted().toList());
    m.put(FirestoreQueries.WEBHOOK_DUE_AT, timestamp(job.webhookDueAt()));
    return m;
  }

  private static Map<String, Object> request(JobRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prompt", r.prompt());
    m.put("negative_prompt", r.negativePrompt());
    m.put("model", r.model());
    m.put("image", r.image() == null ? null : image(r.image()));
    m.put("last_frame", r.lastFrame() == null ? null : image(r.lastFrame()));
    m.put("reference_images", r.referenceImages().stream().map(JobDocuments::reference).toList());
    m.put("extend_from", r.extendFrom() == null ? null : extension(r.extendFrom()));
    m.put("parameters", parameters(r.parameters()));
    m.put("node_id", r.nodeId());
    m.put("project_id", r.projectId());
    m.put("webhook_url", r.webhookUrl());
    m.put("webhook_events", r.webhookEvents().stream().map(Enum::name).sorted().toList());
    return m;
  }

  private static Map<String, Object> video(StoredVideo v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gcs_uri", v.gcsUri());
    m.put("url", v.url());
    m.put("url_expires_at", timestamp(v.urlExpiresAt()));
    return m;
  }

  private static List<StoredVideo> toVideos(Fields f) {
    return f.maps("videos").stream()
        .map(v -> new StoredVideo(v.string("gcs_uri"), v.string("url"), v.instant("url_expires_at")))
        .toList();
  }

  private static Map<String, Object> image(ImageInput image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gcs_uri", image.gcsUri());
    m.put("mime_type", image.mimeType());
    return m;
  }

  private static Map<String, Object> reference(ReferenceImage reference) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gcs_uri", reference.gcsUri());
    m.put("mime_type", reference.mimeType());
    m.put("reference_type", reference.referenceType());
    return m;
  }

  private static Map<String, Object> extension(VideoExtension extension) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", extension.sourceJobId());
    m.put("video_gcs_uri", extension.videoGcsUri());
    m.put("source_seconds", (long) extension.sourceSeconds());
    return m;
  }

  private static Map<String, Object> parameters(VideoParameters p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("duration_seconds", (long) p.durationSeconds());
    m.put("aspect_ratio", p.aspectRatio());
    m.put("resolution", p.resolution());
    m.put("sample_count", (long) p.sampleCount());
    m.put("seed", p.seed());
    m.put("generate_audio", p.generateAudio());
    m.put("person_generation", p.personGeneration());
    m.put("enhance_prompt", p.enhancePrompt());
    return m;
  }

  static Map<String, Object> error(JobError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", e.code().name());
    m.put("message", e.message());
    return m;
  }

  static Job toJob(DocumentSnapshot doc) {
    Fields f = new Fields(doc.getData());
    return new Job(
        doc.getId(),
        f.string(FirestoreQueries.OWNER_UID),
        JobStatus.valueOf(f.string(FirestoreQueries.STATUS)),
        JobStage.valueOf(f.string("stage")),
        toRequest(f.map("request")),
        f.integer("attempt"),
        f.instant("lease_until"),
        f.string("operation_name"),
        f.integer("poll_count"),
        f.string("raw_video_uri"),
        f.string("video_gcs_uri"),
        f.string("video_url"),
        f.instant("video_url_expires_at"),
        toError(f.map("error")),
        f.string("idempotency_key"),
        f.string("request_fingerprint"),
        f.instant(FirestoreQueries.CREATED_AT),
        f.instant(FirestoreQueries.UPDATED_AT),
        f.instant("started_at"),
        f.instant("completed_at"),
        f.instant("deadline_at"),
        f.string("claim_token"),
        f.instant("reconcile_until"),
        f.strings(FirestoreQueries.WEBHOOKS_OWED).stream().map(WebhookEvent::valueOf)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEvent.class))),
        f.instant(FirestoreQueries.WEBHOOK_DUE_AT),
        f.strings("raw_video_uris"),
        toVideos(f));
  }

  private static JobRequest toRequest(Fields r) {
    if (r == null) {
      throw new IllegalStateException("job document without a request");
    }
    Fields image = r.map("image");
    Fields lastFrame = r.map("last_frame");
    Fields extension = r.map("extend_from");
    Fields p = r.map("parameters");
    // Documents written before these inputs existed have none of last_frame, reference_images, extend_from.
    return new JobRequest(
        r.string("prompt"),
        r.string("negative_prompt"),
        r.string("model"),
        image == null ? null : new ImageInput(image.string("gcs_uri"), image.string("mime_type")),
        lastFrame == null ? null : new ImageInput(lastFrame.string("gcs_uri"), lastFrame.string("mime_type")),
        r.maps("reference_images").stream()
            .map(ref -> new ReferenceImage(ref.string("gcs_uri"), ref.string("mime_type"), ref.string("reference_type")))
            .toList(),
        extension == null ? null : new VideoExtension(extension.string("job_id"), extension.string("video_gcs_uri"),
            extension.integer("source_seconds")),
        p == null ? null : new VideoParameters(
            p.integer("duration_seconds", VeoLimits.DEFAULT_DURATION_SECONDS),
            p.string("aspect_ratio", VeoLimits.DEFAULT_ASPECT_RATIO),
            p.string("resolution", VeoLimits.DEFAULT_RESOLUTION),
            p.integer("sample_count", VeoLimits.DEFAULT_SAMPLE_COUNT),
            p.longOrNull("seed"),
            p.bool("generate_audio", VeoLimits.DEFAULT_GENERATE_AUDIO),
            p.string("person_generation", VeoLimits.DEFAULT_PERSON_GENERATION),
            p.bool("enhance_prompt", VeoLimits.DEFAULT_ENHANCE_PROMPT)),
        r.string("node_id"),
        r.string("project_id"),
        r.string("webhook_url"),
        // Absent (a job from before the field) reads as the default selection.
        r.strings("webhook_events").stream().map(WebhookEvent::valueOf)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEvent.class))));
  }

  private static JobError toError(Fields e) {
    return e == null ? null : new JobError(ErrorCode.valueOf(e.string("code")), e.string("message"));
  }

  static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /**
   * Event data as Firestore can store it: instants become timestamps, enums their names, and
   * nested maps and lists are converted the same way.
   */
  static Object encode(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
        || value instanceof Double || value instanceof Timestamp) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Instant i) {
      return timestamp(i);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), encode(v)));
      return out;
    }
    if (value instanceof Iterable<?> items) {
      List<Object> out = new ArrayList<>();
      items.forEach(v -> out.add(encode(v)));
      return out;
    }
    return value.toString();
  }

  /** Typed reads of a stored map; absent and null read the same. */
  record Fields(Map<String, Object> values) {
    String string(String name) {
      Object v = values.get(name);
      return v == null ? null : v.toString();
    }

    int integer(String name) {
      return integer(name, 0);
    }

    /** For fields an older or hand-written document may lack: absent reads as the documented default. */
    int integer(String name, int absent) {
      Object v = values.get(name);
      return v == null ? absent : ((Number) v).intValue();
    }

    String string(String name, String absent) {
      String v = string(name);
      return v == null ? absent : v;
    }

    boolean bool(String name, boolean absent) {
      Object v = values.get(name);
      return v == null ? absent : Boolean.TRUE.equals(v);
    }

    Long longOrNull(String name) {
      Object v = values.get(name);
      return v == null ? null : ((Number) v).longValue();
    }

    List<String> strings(String name) {
      Object v = values.get(name);
      return v == null ? List.of() : ((List<?>) v).stream().map(String::valueOf).toList();
    }

    boolean bool(String name) {
      return Boolean.TRUE.equals(values.get(name));
    }

    Instant instant(String name) {
      Object v = values.get(name);
      return v == null ? null : JobDocuments.instant((Timestamp) v);
    }

    @SuppressWarnings("unchecked")
    List<Fields> maps(String name) {
      Object v = values.get(name);
      return v == null ? List.of() : ((List<?>) v).stream().map(item -> new Fields((Map<String, Object>) item)).toList();
    }

    @SuppressWarnings("unchecked")
    Fields map(String name) {
      Object v = values.get(name);
      return v == null ? null : new Fields((Map<String, Object>) v);
    }
  }
}
