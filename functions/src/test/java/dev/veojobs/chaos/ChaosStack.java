package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tasks.v2.CloudTasksClient;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.stack.EmulatorIdTokens;
import dev.veojobs.emulators.stack.JobsApiClient;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.gcp.CloudTasksQueue;
import dev.veojobs.gcp.GcpClients;
import dev.veojobs.gcp.GenAiVideoModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.time.Duration;
import java.util.Map;

/**
 * The local stack as production runs it, for measuring: free ports, one {@link EmulatorClock} in
 * system mode that the driver advances, the production poll schedule, fake-Veo generations of
 * 40–120 s, webhooks signed with a fresh secret and received on loopback. Also the official
 * clients the harness needs beside the HTTP API: Cloud Tasks (to replay old task bodies through
 * the project's own adapter) and Gen AI (to ask the fake Veo what each operation produced).
 *
 * <p>One stack serves every trial; {@link #reset()} empties the emulators between trials, the
 * functions keep running.
 */
final class ChaosStack implements AutoCloseable {
  /** Fake-Veo generation time: 80 s ± 40 s, so 40–120 s. */
  static final Duration VEO_GENERATION = Duration.ofSeconds(80);
  static final Duration VEO_JITTER = Duration.ofSeconds(40);
  static final Duration LONGEST_GENERATION = VEO_GENERATION.plus(VEO_JITTER);
  /** Terraform's {@code sweep_schedule} default, every two minutes: how late a deadline may be enforced. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(2);
  /** The functions' JOB_DEADLINE default, which this stack keeps. */
  static final Duration JOB_DEADLINE = Duration.ofMinutes(20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalStack stack;
  private final WebhookReceiver receiver;
  private final CloudTasksClient tasksClient;
  private final CloudTasksQueue taskQueue;
  private final GenAiVideoModel veoClient;
  private final HttpClient http = HttpClient.newHttpClient();
  private final double startDispatchesPerSecond;

  private ChaosStack(LocalStack stack, WebhookReceiver receiver, double startDispatchesPerSecond) {
    this.stack = stack;
    this.startDispatchesPerSecond = startDispatchesPerSecond;
    this.receiver = receiver;
    this.tasksClient = GcpClients.tasks(stack.tasks().endpoint());
    this.taskQueue = new CloudTasksQueue(tasksClient, stack.projectId(), stack.location(),
        stack.config().queue().name(), stack.config().startQueue().name(), stack.workerUrl(), stack.finalizerUrl(),
        stack.functionEnvironment().get("TASKS_INVOKER_SA"), stack.config().queue().dispatchDeadline());
    this.veoClient = new GenAiVideoModel(GcpClients.genai(stack.projectId(), stack.location(), stack.veo().baseUrl()));
  }

  /** @param root the repository root (holds {@code emulator-config/} and {@code web/}) */
  static ChaosStack start(Path root) {
    return start(root, options -> { });
  }

  /**
   * @param tweak changes to the options after the harness's own (the bench sets other poll
   *     schedules, limits and start-queue rates); a setting given here wins
   */
  static ChaosStack start(Path root, java.util.function.Consumer<LocalStackOptions.Builder> tweak) {
    EmulatorClock clock = EmulatorClock.system();
    WebhookReceiver receiver = new WebhookReceiver(clock);
    try {
      LocalStackOptions.Builder options = LocalStackOptions.builder()
          .configDirectory(root.resolve("emulator-config"))
          .webDirectory(root.resolve("web"))
          .freePorts()
          .clock(clock)
          .externalEmulators(ExternalEmulators.none())
          .veoLatency(VEO_GENERATION)
          .veoLatencyJitter(VEO_JITTER)
          .functionSetting("POLL_FIRST_DELAY", "PT15S")
          .functionSetting("POLL_INTERVAL", "PT10S")
          .functionSetting("POLL_MAX_INTERVAL", "PT30S")
          .functionSetting("JOB_DEADLINE", JOB_DEADLINE.toString())
          .functionSetting("WEBHOOK_SECRETS", receiver.secret())
          // The driver runs the stack's sweeper itself, on the same schedule, so it knows each
          // sweep has finished before it skips the clock again (see Driver#sweepIfDue).
          .withoutSweeper();
      tweak.accept(options);
      LocalStackOptions built = options.build();
      LocalStack stack = LocalStack.start(built);
      return new ChaosStack(stack, receiver, built.startQueue(stack.config()).maxDispatchesPerSecond());
    } catch (RuntimeException e) {
      receiver.close();
      throw e;
    }
  }

  /** The repository root seen from the working directory: the root itself or a module below it. */
  static Path findRoot() {
    for (Path candidate : new Path[] {Path.of("."), Path.of("..")}) {
      if (Files.isDirectory(candidate.resolve("emulator-config")) && Files.isDirectory(candidate.resolve("web"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("run from the repository root or a module: no emulator-config/ and web/ here");
  }

  LocalStack local() {
    return stack;
  }

  EmulatorClock clock() {
    return stack.clock();
  }

  WebhookReceiver receiver() {
    return receiver;
  }

  /** The jobs-api as one signed-in user calls it (fresh ID token on the stack's clock per request). */
  JobsApiClient api(String uid) {
    return new JobsApiClient(stack.apiUrl(),
        () -> EmulatorIdTokens.forUser(stack.projectId(), uid, stack.clock().instant()));
  }

  /**
   * How long a due task of this name may wait for its queue's next rate token: the start queue's
   * rate is the Veo quota, the steps queue's is far higher.
   */
  Duration rateToken(String taskName) {
    boolean start = taskName.contains("/queues/" + stack.config().startQueue().name() + "/");
    double perSecond = start ? startDispatchesPerSecond : stack.config().queue().maxDispatchesPerSecond();
    return Duration.ofMillis((long) Math.ceil(1000 / perSecond));
  }

  /** Empties every emulator and the receiver, as after a fresh start. */
  void reset() {
    stack.reset();
    receiver.clear();
  }

  /** Creates a task exactly as the functions would (same adapter, same body codec, same OIDC token). */
  void enqueue(TaskRequest request) {
    taskQueue.enqueue(request);
  }

  /**
   * What the fake Veo says about an operation now, through the Gen AI client; the first look at a
   * finished success writes its video, as the emulator only renders on fetch.
   */
  OperationState operation(String operationName) {
    return veoClient.poll(operationName);
  }

  /**
   * Writes {@code jobs/{id}} as given, through the official client: a document no version of the
   * functions wrote (the harness plants unreadable ones; {@link WorldSnapshot} leaves them out).
   */
  void plantJobDocument(String id, Map<String, Object> fields) {
    try (Firestore db = FirestoreOptions.newBuilder().setProjectId(stack.projectId())
        .setEmulatorHost(stack.firestoreHost()).build().getService()) {
      db.collection("jobs").document(id).set(fields).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not plant jobs/" + id, e);
    }
  }

  /** Every stored document, read through the Firestore emulator's control plane (no fault applies there). */
  JsonNode documents() {
    URI uri = URI.create("http://localhost:" + stack.firestore().adminPort() + "/_emulator/documents");
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the Firestore emulator answered " + response.statusCode() + " to " + uri);
      }
      return JSON.readTree(response.body()).path("documents");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    tasksClient.close();
    stack.close();
    receiver.close();
  }
}
