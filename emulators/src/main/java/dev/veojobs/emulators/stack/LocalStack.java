package dev.veojobs.emulators.stack;

import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.firestore.FirestoreEmulator;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.stack.config.LocalStackConfig;
import dev.veojobs.emulators.stack.config.ScriptedOutcome;
import dev.veojobs.emulators.stack.config.StackPorts;
import dev.veojobs.emulators.storage.StorageEmulator;
import dev.veojobs.emulators.tasks.TasksEmulator;
import dev.veojobs.emulators.veo.VeoEmulator;
import dev.veojobs.emulators.veo.VideoSink;
import dev.veojobs.emulators.veo.VideoSource;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Veo Jobs on one machine: the Firestore, Cloud Storage, Cloud Tasks and Veo emulators, the three
 * functions under the Functions Framework invoker (one port each, as on Cloud Run), and the web
 * page, all in this JVM and on one {@link EmulatorClock}. The functions are configured exactly as
 * deployed ones, through their environment variables, with emulator endpoints in place of Google's.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(LocalStackOptions.builder().freePorts().build())) {
 *   stack.apiUrl();   // POST /v1/jobs here with EmulatorIdTokens.forUser(stack.projectId(), uid, stack.clock().instant())
 * }
 * }</pre>
 *
 * <p>{@code ./dev up} is {@link UpCommand}; {@code ./dev demo} is {@link DemoCommand}.
 */
public final class LocalStack implements AutoCloseable {
  /** Exit code for a bad command line. */
  public static final int EXIT_USAGE = 2;

  private final LocalStackConfig config;
  private final EmulatorClock clock;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private FirestoreEmulator firestore;
  private String firestoreHost;
  private StorageEmulator storage;
  private String storageBaseUrl;
  private TasksEmulator tasks;
  private String queueName;
  private String startQueueName;
  private final LocalStackOptions options;
  private VeoEmulator veo;
  private UrlSignerKey signerKey;
  private FunctionEnvironment functionEnvironment;
  private final Map<String, FunctionServer> functions = new LinkedHashMap<>();
  private SweepScheduler sweepScheduler;
  private String apiUrl;
  private String workerUrl;
  private String finalizerUrl;
  private WebServer web;
  private final ExternalEmulators external;
  private final boolean scriptedOutcomes;
  private final String functionsHost;
  private volatile boolean closed;

  private LocalStack(LocalStackConfig config, LocalStackOptions options) {
    this.options = options;
    this.config = config;
    this.clock = options.clock();
    this.external = options.externalEmulators();
    this.scriptedOutcomes = options.scriptedOutcomes();
    this.functionsHost = options.functionsHost();
  }

  /**
   * Starts everything, or nothing: on failure whatever already started is stopped again.
   *
   * @throws PortInUseException when a configured port is taken
   */
  public static LocalStack start(LocalStackOptions options) {
    return start(options, part -> { });
  }

  /**
   * As {@link #start(LocalStackOptions)}, telling {@code starting} the name of each part just before
   * it starts ("Firestore emulator", "jobs-api", …), for a person watching.
   */
  public static LocalStack start(LocalStackOptions options, Consumer<String> starting) {
    LocalStackConfig config = LocalStackConfig.load(options.configDirectory());
    LocalStack stack = new LocalStack(config, options);
    try {
      stack.startAll(options, starting);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(LocalStackOptions options, Consumer<String> starting) {
    StackPorts ports = options.ports(config);
    checkPortsFree(ports, options);
    if (options.functions()) {
      // First listener on the clock: an advance reaches the functions' clock before it wakes the
      // task dispatcher, so a delivery never sees the old time.
      started.push(ClockBridge.open(clock));
    }

    if (external.firestoreHost() == null) {
      starting.accept("Firestore emulator");
      firestore = bound(ports.firestore(), "firestore", () -> FirestoreEmulator.builder()
          .clock(clock)
          .indexes(config.indexesFile())
          .port(ports.firestore())
          .adminPort(ports.firestoreAdmin())
          .build()
          .start());
      started.push(firestore);
      firestoreHost = firestore.hostAndPort();
    } else {
      firestoreHost = external.firestoreHost();
    }

    VideoSink sink;
    // Extensions read their source back, so the fake Veo can check its length and show it first.
    VideoSource source = VideoSource.NONE;
    if (external.storageHost() == null) {
      starting.accept("Storage emulator");
      storage = bound(ports.storage(), "storage",
          () -> StorageEmulator.builder().clock(clock).port(ports.storage()).build().start());
      started.push(storage);
      storageBaseUrl = storage.baseUrl();
      storage.createBucket(config.videoBucket());
      sink = VideoSink.forBuckets(storage::putObject);
      StorageEmulator own = storage;
      source = VideoSource.forBuckets((bucket, name) -> own.object(bucket, name).map(o -> o.data()));
    } else {
      storageBaseUrl = external.storageBaseUrl();
      StorageJsonApi api = new StorageJsonApi(storageBaseUrl);
      api.createBucket(config.projectId(), config.videoBucket());
      sink = VideoSink.forBuckets(api::putObject);
    }

    starting.accept("Cloud Tasks emulator");
    tasks = bound(ports.tasks(), "tasks", () -> TasksEmulator.builder()
        .clock(clock).port(ports.tasks()).adminPort(ports.tasksAdmin()).build().start());
    started.push(tasks);
    createQueues();

    VideoSource veoSource = source;
    starting.accept("Veo emulator");
    veo = bound(ports.veo(), "veo", () -> VeoEmulator.builder()
        .clock(clock)
        .port(ports.veo())
        .videoSink(sink)
        .videoSource(veoSource)
        .latency(options.veoLatency(config))
        .latencyJitter(options.veoLatencyJitter(config))
        .quotaPerMinute(options.veoRequestsPerMinute(config))
        .videoSize(config.fakeVeo().width(), config.fakeVeo().height())
        .fps(config.fakeVeo().framesPerSecond())
        .build()
        .start());
    started.push(veo);
    if (options.scriptedOutcomes()) {
      applyScriptedOutcomes();
    }

    signerKey = UrlSignerKey.generate(config.projectId(), "url-signer@" + config.projectId() + ".iam.gserviceaccount.com");
    started.push(signerKey);
    if (storage != null) {
      storage.trustSigner(signerKey.clientEmail(), signerKey.publicKey());
    }

    int apiPort = ports.jobsApi() == 0 ? Ports.pickFree() : ports.jobsApi();
    int workerPort = ports.jobWorker() == 0 ? Ports.pickFree() : ports.jobWorker();
    int finalizerPort = ports.jobFinalizer() == 0 ? Ports.pickFree() : ports.jobFinalizer();
    apiUrl = Ports.url(functionsHost, apiPort);
    workerUrl = Ports.url(functionsHost, workerPort);
    finalizerUrl = Ports.url(functionsHost, finalizerPort);

    starting.accept("web page");
    web = bound(ports.web(), "web", () -> new WebServer(options.webDirectory(), this::configJs, origin(apiUrl),
        origin(storageBaseUrl)).start(ports.web()));
    started.push(web);

    functionEnvironment = new FunctionEnvironment(functionVariables(options));
    if (options.functions()) {
      functionEnvironment.apply();
      started.push(functionEnvironment);
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      startFunction(FunctionName.JOBS_API, apiPort, "jobs_api", loader, starting);
      startFunction(FunctionName.JOB_WORKER, workerPort, "job_worker", loader, starting);
      startFunction(FunctionName.JOB_FINALIZER, finalizerPort, "job_finalizer", loader, starting);
    }
    if (options.sweeper()) {
      sweepScheduler = new SweepScheduler(clock, SweepScheduler.interval(config.directory()), workerUrl,
          () -> tasks.oidcToken(tasksInvoker(config.projectId()), workerUrl)).start();
      started.push(sweepScheduler);
    }
  }

  private void checkPortsFree(StackPorts ports, LocalStackOptions options) {
    Map<String, Integer> byKey = new LinkedHashMap<>(ports.byKey());
    if (external.firestoreHost() != null) {
      byKey.remove("firestore");
      byKey.remove("firestore_admin");
    }
    if (external.storageHost() != null) {
      byKey.remove("storage");
    }
    if (!options.functions()) {
      byKey.remove("jobs_api");
      byKey.remove("job_worker");
      byKey.remove("job_finalizer");
    }
    Map<Integer, String> seen = new LinkedHashMap<>();
    byKey.forEach((key, port) -> {
      if (port != 0 && seen.putIfAbsent(port, key) != null) {
        throw new IllegalArgumentException("ports." + seen.get(port) + " and ports." + key + " in "
            + config.directory().resolve(LocalStackConfig.STACK_FILE) + " are both " + port);
      }
      boolean function = key.startsWith("job");
      Ports.requireFree(port, function ? options.functionsHost() : LocalStackOptions.LOOPBACK, settingOf(key, options));
    });
  }

  private String settingOf(String key, LocalStackOptions options) {
    return options.portsFromConfig() ? config.describePortSetting(key) : "ports." + key + " of the LocalStackOptions";
  }

  /** Runs {@code start}, turning a lost race for a port into the same clear error as the up-front check. */
  private <T> T bound(int port, String key, Supplier<T> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      if (port != 0 && Ports.isBindFailure(e)) {
        throw new PortInUseException(port, config.describePortSetting(key));
      }
      throw e;
    }
  }

  private void startFunction(FunctionName function, int port, String key, ClassLoader loader,
      Consumer<String> starting) {
    String name = function.serviceName();
    starting.accept(name);
    FunctionServer server = bound(port, key,
        () -> new FunctionServer(name, function.entryPoint(), functionsHost, port).start(loader));
    functions.put(name, server);
    started.push(server);
  }

  private void applyScriptedOutcomes() {
    for (ScriptedOutcome rule : config.fakeVeo().scriptedOutcomes()) {
      if (rule.times() == null) {
        veo.scriptForPromptContaining(rule.promptContains(), rule.outcome());
      } else {
        veo.scriptForPromptContaining(rule.promptContains(), rule.times(), rule.outcome());
      }
    }
  }

  /** What a deployed function would find in its environment, pointed at this stack. */
  private Map<String, String> functionVariables(LocalStackOptions options) {
    String project = config.projectId();
    Map<String, String> env = new LinkedHashMap<>();
    put(env, Setting.GOOGLE_CLOUD_PROJECT, project);
    put(env, Setting.VIDEO_BUCKET, config.videoBucket());
    put(env, Setting.TASKS_LOCATION, config.location());
    put(env, Setting.TASKS_QUEUE, config.queue().name());
    put(env, Setting.TASKS_START_QUEUE, config.startQueue().name());
    put(env, Setting.TASKS_INVOKER_SA, tasksInvoker(project));
    put(env, Setting.TASKS_DISPATCH_DEADLINE, config.queue().dispatchDeadline().toString());
    put(env, Setting.WORKER_URL, workerUrl);
    put(env, Setting.FINALIZER_URL, finalizerUrl);
    put(env, Setting.URL_SIGNER_SA, signerKey.clientEmail());
    put(env, Setting.VEO_LOCATION, config.location());
    put(env, Setting.AUTH_MODE, "emulator");
    put(env, Setting.CORS_ALLOWED_ORIGINS, web.url() + ",http://127.0.0.1:" + web.port());
    put(env, Setting.TASKS_OIDC_ISSUER, tasks.oidcIssuer());
    put(env, Setting.TASKS_OIDC_JWKS_URL, tasks.jwksUrl());
    put(env, Setting.FIRESTORE_EMULATOR_HOST, firestoreHost);
    put(env, Setting.CLOUD_TASKS_EMULATOR_HOST, tasks.endpoint());
    put(env, Setting.STORAGE_EMULATOR_HOST, storageBaseUrl);
    put(env, Setting.VEO_BASE_URL, veo.baseUrl());
    put(env, Setting.URL_SIGNER_LOCAL_KEY_FILE, signerKey.file().toString());
    put(env, Setting.WEBHOOK_ALLOW_LOOPBACK, "true");
    env.putAll(config.functionSettings());
    env.putAll(options.functionSettings());
    return env;
  }

  private static void put(Map<String, String> env, Setting setting, String value) {
    env.put(setting.envName(), value);
  }

  /** {@code scheme://host[:port]} of a URL. */
  private static String origin(String url) {
    URI uri = URI.create(url.contains("://") ? url : "http://" + url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private String configJs() {
    long offset = clock.millis() - System.currentTimeMillis();
    return """
        // Generated by the Veo Jobs local stack for this run; web/config.js shows the shape for your app.
        window.VEO_JOBS_CONFIG = {
          apiBase: "%s",
          pollMs: %d,
          projectId: "%s",
          // The stack's clock can run ahead of the wall clock (tests skip time); tokens follow the stack.
          clockOffsetMs: %d,
          // The fake Veo's prompt markers (fake_veo.scripted_outcomes); the page lists them as help.
          promptMarkers: [%s],
          // Local emulator mode only: an unsigned token in the Firebase Auth emulator's style.
          getIdToken: %s,
        };
        """.formatted(apiUrl, config.webPoll().toMillis(), config.projectId(), offset, promptMarkers(),
        EmulatorIdTokens.javascriptFunction(config.projectId()));
  }

  private String promptMarkers() {
    if (!scriptedOutcomes) {
      return "";
    }
    return config.fakeVeo().scriptedOutcomes().stream()
        .map(rule -> "\"" + rule.promptContains().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(", "));
  }

  public String apiUrl() {
    return apiUrl;
  }

  public String workerUrl() {
    return workerUrl;
  }

  public String finalizerUrl() {
    return finalizerUrl;
  }

  public String webUrl() {
    return web.url();
  }

  /** Whether the stack runs its own Firestore emulator (not an external one named by FIRESTORE_EMULATOR_HOST). */
  public boolean hasOwnFirestore() {
    return firestore != null;
  }

  /** The address the three functions listen on. */
  public String functionsHost() {
    return functionsHost;
  }

  /** The in-process Firestore emulator; absent when an external one (FIRESTORE_EMULATOR_HOST) is used. */
  public FirestoreEmulator firestore() {
    if (firestore == null) {
      throw new IllegalStateException("this stack uses the external Firestore emulator at " + firestoreHost);
    }
    return firestore;
  }

  /** {@code host:port} of the Firestore emulator in use, ours or external. */
  public String firestoreHost() {
    return firestoreHost;
  }

  /** The in-process Storage emulator; absent when an external one (STORAGE_EMULATOR_HOST) is used. */
  public StorageEmulator storage() {
    if (storage == null) {
      throw new IllegalStateException("this stack uses the external Storage emulator at " + storageBaseUrl);
    }
    return storage;
  }

  /** {@code http://host:port} of the Storage emulator in use, ours or external. */
  public String storageBaseUrl() {
    return storageBaseUrl;
  }

  /** The service account Cloud Tasks and Cloud Scheduler sign their OIDC tokens as. */
  static String tasksInvoker(String projectId) {
    return "tasks-invoker@" + projectId + ".iam.gserviceaccount.com";
  }

  /** The local Cloud Scheduler running the sweeper, or null when the options turned it off. */
  public SweepScheduler sweepScheduler() {
    return sweepScheduler;
  }

  public TasksEmulator tasks() {
    return tasks;
  }

  public VeoEmulator veo() {
    return veo;
  }

  public EmulatorClock clock() {
    return clock;
  }

  public String projectId() {
    return config.projectId();
  }

  public String location() {
    return config.location();
  }

  public String bucket() {
    return config.videoBucket();
  }

  /** The steps queue (polls, finalizes, webhooks): {@code projects/P/locations/L/queues/Q}. */
  public String queueName() {
    return queueName;
  }

  /** The start queue, whose rate is the Veo quota: {@code projects/P/locations/L/queues/Q}. */
  public String startQueueName() {
    return startQueueName;
  }

  /** Both queues of the config; the start queue at the options' rate when one is given (the bench). */
  private void createQueues() {
    queueName = TasksQueueSetup.createQueue(tasks.endpoint(), config.projectId(), config.location(), config.queue());
    startQueueName = TasksQueueSetup.createQueue(tasks.endpoint(), config.projectId(), config.location(),
        options.startQueue(config));
  }

  public LocalStackConfig config() {
    return config;
  }

  /** The environment the functions run with ({@code NAME -> value}). */
  public Map<String, String> functionEnvironment() {
    return functionEnvironment.variables();
  }

  /** Clears every emulator's state and re-applies the config's bucket and queue, as after a fresh start. */
  public void reset() {
    if (firestore != null) {
      firestore.reset();
    }
    if (storage != null) {
      storage.reset();
      storage.createBucket(config.videoBucket());
    }
    tasks.reset();
    createQueues();
    veo.reset();
    applyScriptedOutcomes();
  }

  /** A ready-to-print summary: every URL and what to do next. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("Veo Jobs local stack (project ").append(config.projectId()).append(", bucket ")
        .append(config.videoBucket()).append(")\n");
    line(text, "web page", web.url());
    functions.values().forEach(f -> line(text, f.serviceName(), f.url()));
    line(text, "Firestore", firestore == null ? firestoreHost + " (external)"
        : firestoreHost + "  (admin http://localhost:" + firestore.adminPort() + ")");
    line(text, "Storage", storage == null ? storageBaseUrl + " (external)" : storageBaseUrl);
    line(text, "Cloud Tasks", tasks.endpoint() + "  (admin http://localhost:" + tasks.adminPort() + ", queue "
        + config.queue().name() + ")");
    line(text, "Veo", veo.baseUrl() + "  (" + veo.latency().toSeconds() + " s per video)");
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(String.format("  %-14s %s%n", name, value));
  }

  /** Stops everything that started, newest first. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // Keep stopping the rest; a half-stopped stack would hold its ports.
      }
    }
  }
}
