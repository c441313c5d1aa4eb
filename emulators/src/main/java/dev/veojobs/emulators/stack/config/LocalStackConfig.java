package dev.veojobs.emulators.stack.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.emulators.veo.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code emulator-config/} says about the local stack: {@code local-stack.json} (project,
 * bucket, ports, fake Veo, function settings, web polling), {@code queue.json} (polls, finalizes,
 * webhooks) and {@code start-queue.json} (Veo starts, at the Veo quota). The index file
 * and {@code firebase.json} are read by the Firestore emulator and the Firebase CLI themselves.
 */
public record LocalStackConfig(
    Path directory,
    String projectId,
    String location,
    String videoBucket,
    StackPorts ports,
    Duration webPoll,
    Map<String, String> functionSettings,
    FakeVeoSettings fakeVeo,
    QueueFile queue,
    QueueFile startQueue) {

  public static final String STACK_FILE = "local-stack.json";
  public static final String QUEUE_FILE = "queue.json";
  public static final String START_QUEUE_FILE = "start-queue.json";
  public static final String INDEXES_FILE = "firestore.indexes.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  public LocalStackConfig {
    functionSettings = Map.copyOf(functionSettings);
  }

  /** The default directory, relative to the working directory (the dev script runs from the repo root). */
  public static Path defaultDirectory() {
    return Path.of("emulator-config");
  }

  public Path indexesFile() {
    return directory.resolve(INDEXES_FILE);
  }

  /** Where a port setting lives, for error messages: {@code ports.jobs_api in emulator-config/local-stack.json}. */
  public String describePortSetting(String key) {
    return "ports." + key + " in " + directory.resolve(STACK_FILE);
  }

  /** Reads and checks both files; a problem names the file and the field. */
  public static LocalStackConfig load(Path directory) {
    Path stackFile = directory.resolve(STACK_FILE);
    Fields stack = new Fields(stackFile, read(stackFile));
    Fields queue = new Fields(directory.resolve(QUEUE_FILE), read(directory.resolve(QUEUE_FILE)));
    Fields startQueue = new Fields(directory.resolve(START_QUEUE_FILE), read(directory.resolve(START_QUEUE_FILE)));
    QueueFile steps = queueFile(queue, queue.seconds("dispatch_deadline_seconds"));
    return new LocalStackConfig(
        directory,
        stack.text("project_id"),
        stack.text("location"),
        stack.text("video_bucket"),
        ports(stack.child("ports")),
        Duration.ofMillis(stack.optionalChild("web").map(w -> w.integer("poll_ms")).orElse(2000)),
        functionSettings(stack),
        fakeVeo(stack.child("fake_veo")),
        steps,
        // The dispatch deadline is set per task, one value for every task: queue.json's.
        queueFile(startQueue, steps.dispatchDeadline()));
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is missing (run from the repository root, where emulator-config/ is)");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static StackPorts ports(Fields ports) {
    return new StackPorts(
        ports.integer("firestore"),
        ports.integer("firestore_admin"),
        ports.integer("storage"),
        ports.integer("tasks"),
        ports.integer("tasks_admin"),
        ports.integer("veo"),
        ports.integer("jobs_api"),
        ports.integer("job_worker"),
        ports.integer("job_finalizer"),
        ports.integer("web"));
  }

  private static Map<String, String> functionSettings(Fields stack) {
    Map<String, String> settings = new LinkedHashMap<>();
    stack.optionalChild("function_settings").ifPresent(fields -> {
      Iterator<Map.Entry<String, JsonNode>> it = fields.node().fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> entry = it.next();
        settings.put(entry.getKey(), fields.text(entry.getKey()));
      }
    });
    return settings;
  }

  private static FakeVeoSettings fakeVeo(Fields veo) {
    Fields video = veo.child("video");
    List<ScriptedOutcome> scripted = new ArrayList<>();
    for (Fields rule : veo.list("scripted_outcomes")) {
      scripted.add(new ScriptedOutcome(rule.text("prompt_contains"), outcome(rule),
          rule.has("times") ? rule.integer("times") : null));
    }
    return new FakeVeoSettings(
        veo.seconds("generation_seconds"),
        veo.has("generation_jitter_seconds") ? veo.seconds("generation_jitter_seconds") : Duration.ZERO,
        veo.integer("requests_per_minute"),
        video.integer("width"),
        video.integer("height"),
        video.integer("frames_per_second"),
        scripted);
  }

  private static Outcome outcome(Fields rule) {
    String kind = rule.text("outcome");
    return switch (kind) {
      case "SUCCESS" -> Outcome.SUCCESS;
      case "SAFETY_FILTERED" -> rule.has("reason") ? Outcome.safetyFiltered(rule.text("reason")) : Outcome.SAFETY_FILTERED;
      case "OPERATION_ERROR" -> Outcome.operationError(rule.integer("code"), rule.text("message"));
      case "NO_VIDEO" -> Outcome.DONE_WITHOUT_VIDEO;
      case "NOT_FOUND" -> Outcome.NOT_FOUND;
      case "QUOTA_EXCEEDED" -> Outcome.startError(429, "RESOURCE_EXHAUSTED",
          "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: "
              + "veo-3.1-fast-generate. Please submit a quota increase request. "
              + "https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.");
      case "START_ERROR" -> Outcome.startError(rule.integer("http_status"), rule.text("status"), rule.text("message"));
      default -> throw rule.problem("outcome", "must be one of SUCCESS, SAFETY_FILTERED, OPERATION_ERROR, NO_VIDEO, "
          + "NOT_FOUND, QUOTA_EXCEEDED, START_ERROR, got '" + kind + "'");
    };
  }

  private static QueueFile queueFile(Fields q, Duration dispatchDeadline) {
    return new QueueFile(
        q.text("name"),
        q.number("max_dispatches_per_second"),
        q.integer("max_concurrent_dispatches"),
        q.integer("max_attempts"),
        q.seconds("min_backoff_seconds"),
        q.seconds("max_backoff_seconds"),
        q.integer("max_doublings"),
        q.seconds("max_retry_duration_seconds"),
        dispatchDeadline);
  }

  /** A JSON object with its path, so every error says where the bad value is. */
  private record Fields(Path file, String path, JsonNode node) {
    Fields(Path file, JsonNode node) {
      this(file, "", node);
    }

    boolean has(String name) {
      return node.hasNonNull(name);
    }

    IllegalArgumentException problem(String name, String what) {
      return new IllegalArgumentException(path + name + " in " + file + " " + what);
    }

    private JsonNode required(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw problem(name, "is missing");
      }
      return value;
    }

    String text(String name) {
      JsonNode value = required(name);
      if (!value.isTextual() || value.asText().isBlank()) {
        throw problem(name, "must be a non-empty string");
      }
      return value.asText();
    }

    int integer(String name) {
      JsonNode value = required(name);
      if (!value.canConvertToInt() || !value.isIntegralNumber()) {
        throw problem(name, "must be a whole number");
      }
      return value.asInt();
    }

    double number(String name) {
      JsonNode value = required(name);
      if (!value.isNumber()) {
        throw problem(name, "must be a number");
      }
      return value.asDouble();
    }

    Duration seconds(String name) {
      double seconds = number(name);
      if (seconds < 0) {
        throw problem(name, "must not be negative");
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }

    Fields child(String name) {
      JsonNode value = required(name);
      if (!value.isObject()) {
        throw problem(name, "must be an object");
      }
      return new Fields(file, path + name + ".", value);
    }

    java.util.Optional<Fields> optionalChild(String name) {
      return has(name) ? java.util.Optional.of(child(name)) : java.util.Optional.empty();
    }

    List<Fields> list(String name) {
      if (!has(name)) {
        return List.of();
      }
      JsonNode value = node.get(name);
      if (!value.isArray()) {
        throw problem(name, "must be an array");
      }
      List<Fields> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isObject()) {
          throw problem(name + "[" + i + "]", "must be an object");
        }
        items.add(new Fields(file, path + name + "[" + i + "].", value.get(i)));
      }
      return items;
    }
  }
}
