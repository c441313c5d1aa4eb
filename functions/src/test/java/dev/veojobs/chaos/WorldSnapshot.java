package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Firestore held at the end of a trial, read whole from the emulator: the jobs with their
 * events, the node mirrors and the usage days. Values are the stored JSON (timestamps as ISO text).
 */
final class WorldSnapshot {
  static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELED");
  /** Ids of job documents the harness planted to break the sweeper; they are not jobs anyone made. */
  static final String PLANTED_PREFIX = "planted-";

  /** {@code jobs/{id}} and its events, oldest first. */
  record Job(String id, JsonNode fields, List<JsonNode> events) {
    String status() {
      return fields.path("status").asText();
    }

    boolean terminal() {
      return TERMINAL.contains(status());
    }

    String owner() {
      return fields.path("owner_uid").asText();
    }

    String nodeId() {
      return text(fields.path("node_id"));
    }

    String webhookUrl() {
      return text(fields.path("request").path("webhook_url"));
    }

    String errorCode() {
      return text(fields.path("error").path("code"));
    }

    String errorMessage() {
      return text(fields.path("error").path("message"));
    }

    String videoUrl() {
      return text(fields.path("video_url"));
    }

    int durationSeconds() {
      return fields.path("request").path("parameters").path("duration_seconds").asInt();
    }

    Instant createdAt() {
      return instant(fields.path("created_at"));
    }

    Instant deadlineAt() {
      return instant(fields.path("deadline_at"));
    }

    /** When the event that ended the job was written, or null while it is live. */
    Instant endedAt() {
      for (int i = events.size() - 1; i >= 0; i--) {
        String type = events.get(i).path("type").asText();
        if (type.equals("job.completed") || type.equals("job.failed") || type.equals("job.canceled")) {
          return instant(events.get(i).path("at"));
        }
      }
      return null;
    }

    long eventCount(String type) {
      return events.stream().filter(e -> type.equals(e.path("type").asText())).count();
    }
  }

  /** {@code usage/{uid}/days/{day}}. */
  record UsageDay(String uid, String day, long jobsCompleted, long secondsGenerated) {}

  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, JsonNode> nodes = new LinkedHashMap<>();
  private final List<UsageDay> usage = new ArrayList<>();

  WorldSnapshot(JsonNode documents) {
    Map<String, List<JsonNode>> events = new LinkedHashMap<>();
    Map<String, JsonNode> jobFields = new LinkedHashMap<>();
    for (JsonNode doc : documents) {
      String[] path = doc.path("path").asText().split("/");
      JsonNode fields = doc.path("fields");
      if (path.length >= 2 && path[0].equals("jobs") && path[1].startsWith(PLANTED_PREFIX)) {
        continue;
      }
      if (path.length == 2 && path[0].equals("jobs")) {
        jobFields.put(path[1], fields);
      } else if (path.length == 4 && path[0].equals("jobs") && path[2].equals("events")) {
        events.computeIfAbsent(path[1], k -> new ArrayList<>()).add(fields);
      } else if (path.length == 2 && path[0].equals("nodes")) {
        nodes.put(path[1], fields);
      } else if (path.length == 4 && path[0].equals("usage") && path[2].equals("days")) {
        usage.add(new UsageDay(path[1], path[3], fields.path("jobs_completed").asLong(),
            fields.path("seconds_generated").asLong()));
      }
    }
    jobFields.forEach((id, fields) -> {
      List<JsonNode> list = events.getOrDefault(id, List.of());
      List<JsonNode> sorted = new ArrayList<>(list);
      sorted.sort((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()));
      jobs.put(id, new Job(id, fields, sorted));
    });
  }

  Map<String, Job> jobs() {
    return jobs;
  }

  Map<String, JsonNode> nodes() {
    return nodes;
  }

  List<UsageDay> usage() {
    return usage;
  }

  static String text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  static Instant instant(JsonNode node) {
    String text = text(node);
    return text == null ? null : Instant.parse(text);
  }
}
