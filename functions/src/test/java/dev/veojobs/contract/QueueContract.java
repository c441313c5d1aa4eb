package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.config.FunctionName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two Cloud Tasks queues Terraform creates behave like the ones the local stack emulates: the
 * steps queue (polls, finalizes, webhooks) takes its settings from emulator-config/queue.json, the
 * start queue from emulator-config/start-queue.json. The settings also fit the rest of the system:
 * the start queue's dispatch rate stays below Veo's quota (each start makes at most one generation
 * request), the steps queue is never slower than the start queue, and the dispatch deadline the
 * code sets outlasts the timeout of every function a task is delivered to.
 */
public final class QueueContract {

  public static final String QUEUE_FILE = TerraformSources.CONFIG_DIR + "/queue.json";
  public static final String START_QUEUE_FILE = TerraformSources.CONFIG_DIR + "/start-queue.json";

  /** Each queue file and the Terraform resource it configures. */
  private record QueueSource(String file, String resource) {}

  private static final List<QueueSource> QUEUES = List.of(
      new QueueSource(QUEUE_FILE, "jobs"), new QueueSource(START_QUEUE_FILE, "starts"));
  static final String TYPE = "google_cloud_tasks_queue";

  /** Veo 3.1 models on Vertex AI: 50 requests per minute per project (reference/google-apis.md). */
  static final double VEO_REQUESTS_PER_MINUTE = 50;

  /** Cloud Tasks bounds for the dispatch deadline of HTTP tasks. */
  static final double MIN_DISPATCH_DEADLINE_SECONDS = 15;
  static final double MAX_DISPATCH_DEADLINE_SECONDS = 1800;

  /** The functions Cloud Tasks delivers to (TaskTarget.WORKER and TaskTarget.FINALIZER). */
  static final List<FunctionName> TASK_TARGETS = List.of(FunctionName.JOB_WORKER, FunctionName.JOB_FINALIZER);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** queue.json key, where Terraform sets it, and whether Terraform writes it as a duration "Ns". */
  private record Mapping(String jsonKey, String block, String attribute, boolean duration) {
    String terraformPath() {
      return block == null ? attribute : block + "." + attribute;
    }
  }

  private static final List<Mapping> MAPPINGS = List.of(
      new Mapping("name", null, "name", false),
      new Mapping("max_dispatches_per_second", "rate_limits", "max_dispatches_per_second", false),
      new Mapping("max_concurrent_dispatches", "rate_limits", "max_concurrent_dispatches", false),
      new Mapping("max_attempts", "retry_config", "max_attempts", false),
      new Mapping("min_backoff_seconds", "retry_config", "min_backoff", true),
      new Mapping("max_backoff_seconds", "retry_config", "max_backoff", true),
      new Mapping("max_doublings", "retry_config", "max_doublings", false),
      new Mapping("max_retry_duration_seconds", "retry_config", "max_retry_duration", true));

  /** Polls, finalize and webhooks per start at the production schedule, with room to spare. */
  static final double MIN_STEPS_PER_START = 10;

  /** Set per task by the code rather than on the queue. */
  static final String DISPATCH_DEADLINE = "dispatch_deadline_seconds";

  private QueueContract() {}

  public static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Object>> queues = module.resources(TYPE);
    if (queues.size() != QUEUES.size()) {
      problems.add("Terraform declares " + queues.size() + " " + TYPE + " resources; the pipeline uses exactly "
          + QUEUES.size() + " (steps and starts)");
    }
    Map<String, Map<String, Object>> settingsByFile = new LinkedHashMap<>();
    for (QueueSource source : QUEUES) {
      Map<String, Object> settings = settings(module.sources(), source.file(), problems);
      if (settings == null) {
        continue;
      }
      settingsByFile.put(source.file(), settings);
      Map<String, Object> queue = queues.get(source.resource());
      String address = TYPE + "." + source.resource();
      if (queue == null) {
        problems.add("Terraform declares no " + address + " for " + source.file());
      } else {
        problems.addAll(terraformDrift(address, queue, settings, source.file()));
        problems.addAll(loggingProblems(address, queue));
      }
      problems.addAll(unknownKeys(settings, source.file()));
    }
    Map<String, Object> steps = settingsByFile.get(QUEUE_FILE);
    Map<String, Object> starts = settingsByFile.get(START_QUEUE_FILE);
    if (starts != null) {
      problems.addAll(rateProblems(starts));
      if (starts.containsKey(DISPATCH_DEADLINE)) {
        problems.add(START_QUEUE_FILE + " has " + DISPATCH_DEADLINE + "; the code sets one deadline on every task, "
            + "from " + QUEUE_FILE);
      }
    }
    if (steps != null && starts != null) {
      problems.addAll(stepsNotSlowerThanStarts(steps, starts));
    }
    if (steps != null) {
      problems.addAll(deadlineProblems(module, steps));
    }
    return problems;
  }

  /**
   * Task operations are logged, so a lost or duplicated task can be traced by its name. The ratio
   * is a variable (validated above 0); a literal 0 or a missing block turns tracing off.
   */
  private static List<String> loggingProblems(String address, Map<String, Object> queue) {
    Object ratio = block(queue, "stackdriver_logging_config").get("sampling_ratio");
    boolean logged = ratio != null && (TerraformModule.number(ratio).map(r -> r > 0).orElse(true));
    return logged ? List.of()
        : List.of(address + " logs no task operations (stackdriver_logging_config.sampling_ratio);"
            + " a lost or duplicated task could not be traced");
  }

  /** A job needs one start and several polls, a finalize and maybe webhooks: the steps queue must keep up. */
  private static List<String> stepsNotSlowerThanStarts(Map<String, Object> steps, Map<String, Object> starts) {
    Optional<Double> stepRate = TerraformModule.number(steps.get("max_dispatches_per_second"));
    Optional<Double> startRate = TerraformModule.number(starts.get("max_dispatches_per_second"));
    if (stepRate.isPresent() && startRate.isPresent() && stepRate.get() < MIN_STEPS_PER_START * startRate.get()) {
      return List.of(QUEUE_FILE + " max_dispatches_per_second " + describe(stepRate.get()) + " is below "
          + describe(MIN_STEPS_PER_START) + " x the start queue's " + describe(startRate.get())
          + ": polls and finalizes would wait behind the Veo quota");
    }
    return List.of();
  }

  private static List<String> terraformDrift(String address, Map<String, Object> queue, Map<String, Object> settings,
      String file) {
    List<String> problems = new ArrayList<>();
    for (Mapping mapping : MAPPINGS) {
      Object expected = settings.get(mapping.jsonKey());
      Object actual = mapping.block() == null
          ? queue.get(mapping.attribute())
          : block(queue, mapping.block()).get(mapping.attribute());
      if (!sameSetting(expected, actual, mapping.duration())) {
        problems.add(address + " " + mapping.terraformPath() + " is " + describe(actual) + " but " + file
            + " says " + mapping.jsonKey() + " = " + describe(expected));
      }
    }
    return problems;
  }

  private static List<String> unknownKeys(Map<String, Object> settings, String file) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.keySet()) {
      boolean known = key.equals(DISPATCH_DEADLINE) || MAPPINGS.stream().anyMatch(m -> m.jsonKey().equals(key));
      if (!known) {
        problems.add(file + " has " + key + ", which Terraform does not map to the queue: a misspelt setting would be ignored");
      }
    }
    return problems;
  }

  private static List<String> rateProblems(Map<String, Object> settings) {
    Optional<Double> rate = TerraformModule.number(settings.get("max_dispatches_per_second"));
    if (rate.isPresent() && rate.get() * 60 >= VEO_REQUESTS_PER_MINUTE) {
      return List.of(START_QUEUE_FILE + " max_dispatches_per_second " + describe(rate.get()) + " allows "
          + describe(rate.get() * 60) + " dispatches a minute, not below Veo's quota of "
          + describe(VEO_REQUESTS_PER_MINUTE) + " requests a minute");
    }
    return List.of();
  }

  private static List<String> deadlineProblems(TerraformModule module, Map<String, Object> settings) {
    List<String> problems = new ArrayList<>();
    Optional<Double> deadline = TerraformModule.number(settings.get(DISPATCH_DEADLINE));
    if (deadline.isEmpty()) {
      problems.add(QUEUE_FILE + " has no numeric " + DISPATCH_DEADLINE + "; the code sets it on every task");
      return problems;
    }
    double seconds = deadline.get();
    if (seconds < MIN_DISPATCH_DEADLINE_SECONDS || seconds > MAX_DISPATCH_DEADLINE_SECONDS) {
      problems.add(QUEUE_FILE + " " + DISPATCH_DEADLINE + " " + describe(seconds) + " is outside Cloud Tasks' "
          + describe(MIN_DISPATCH_DEADLINE_SECONDS) + "-" + describe(MAX_DISPATCH_DEADLINE_SECONDS) + " s");
    }
    Map<FunctionName, DeployedFunction> deployed = DeployedFunction.in(module);
    for (FunctionName target : TASK_TARGETS) {
      DeployedFunction fn = deployed.get(target);
      if (fn == null) {
        continue;
      }
      Optional<Double> timeout = fn.timeoutSeconds();
      if (timeout.isEmpty()) {
        problems.add(fn.name() + " has no numeric timeout_seconds in Terraform; it must stay below the dispatch deadline");
      } else if (timeout.get() >= seconds) {
        problems.add(fn.name() + " timeout " + describe(timeout.get()) + " s is not below the dispatch deadline "
            + describe(seconds) + " s in " + QUEUE_FILE + ": Cloud Tasks would retry a delivery that is still running");
      }
    }
    return problems;
  }

  private static boolean sameSetting(Object expected, Object actual, boolean duration) {
    if (expected == null || actual == null) {
      return false;
    }
    if (expected instanceof Number number) {
      Optional<Double> actualNumber = duration ? seconds(text(actual)) : TerraformModule.number(actual);
      return actualNumber.isPresent() && actualNumber.get() == number.doubleValue();
    }
    return expected.toString().equals(text(actual));
  }

  private static Optional<Double> seconds(String duration) {
    if (duration == null || !duration.matches("\\d+(\\.\\d+)?s")) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(duration.substring(0, duration.length() - 1)));
  }

  private static String describe(Object value) {
    return value == null ? "unset" : text(value instanceof Integer i ? Double.valueOf(i) : value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settings(TerraformSources sources, String file, List<String> problems) {
    String text = sources.files().get(file);
    if (text == null) {
      problems.add(file + " does not exist");
      return null;
    }
    try {
      return new LinkedHashMap<>(JSON.readValue(text, Map.class));
    } catch (JsonProcessingException e) {
      problems.add(file + " is not valid JSON: " + e.getOriginalMessage());
      return null;
    }
  }
}
