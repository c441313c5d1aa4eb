package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One compact line per job state change, for the terminal of {@code ./dev up}: given the stored
 * job documents again and again, it answers only what changed since the last look.
 *
 * <pre>
 * 10:41:02  job 3f2a9c1e  PENDING · queued  "a paper boat on a rainy street"
 * 10:41:04  job 3f2a9c1e  PROCESSING · generating
 * 10:41:12  job 3f2a9c1e  COMPLETED
 * </pre>
 */
final class JobStateLines {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final int PROMPT_CHARS = 60;

  private final Clock clock;
  private final Map<String, String> shown = new HashMap<>();

  JobStateLines(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param jobs the {@code jobs} collection as the Firestore emulator's control plane lists it:
   *     documents with {@code path} and {@code fields}
   * @return a line for each job that is new or whose status, stage or error changed
   */
  List<String> changes(JsonNode jobs) {
    List<String> lines = new ArrayList<>();
    String now = LocalTime.now(clock).format(TIME);
    for (JsonNode document : jobs) {
      String id = document.path("path").asText().replaceFirst("^jobs/", "");
      JsonNode fields = document.path("fields");
      String state = state(fields);
      String before = shown.put(id, state);
      if (state.equals(before)) {
        continue;
      }
      StringBuilder line = new StringBuilder(now).append("  job ").append(shortId(id)).append("  ").append(state);
      if (before == null) {
        line.append("  \"").append(abbreviate(fields.path("request").path("prompt").asText())).append('"');
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String state(JsonNode fields) {
    String status = fields.path("status").asText("?");
    return switch (status) {
      case "FAILED" -> "FAILED · " + fields.path("error").path("code").asText("UNKNOWN");
      case "COMPLETED", "CANCELED" -> status;
      default -> status + " · " + fields.path("stage").asText("").toLowerCase(Locale.ROOT);
    };
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  private static String abbreviate(String prompt) {
    String oneLine = prompt.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= PROMPT_CHARS ? oneLine : oneLine.substring(0, PROMPT_CHARS - 1) + "…";
  }
}
