package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.FaultPlans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process Veo on Vertex AI: the REST {@code :predictLongRunning} and
 * {@code :fetchPredictOperation} methods that {@code com.google.genai} calls in Vertex mode, with
 * latency on the {@link EmulatorClock}, a per-minute quota, scripted failures, a start log, and real
 * H.264 MP4 results written to a {@link VideoSink} or returned inline. A control plane on the same
 * port ({@code /_emulator/...}) offers the same controls over HTTP. See emulators/docs/veo.md.
 */
public final class VeoEmulator implements AutoCloseable {
  private final EmulatorClock clock;
  private final int requestedPort;
  private final VideoSink videoSink;
  private final VideoSource videoSource;
  private final Duration defaultLatency;
  private final Duration latencyJitter;
  private final int defaultQuotaPerMinute;
  private final OperationFinisher finisher;
  private final CompletionWatcher completions;
  private final FaultPlans faults =
      FaultPlans.http("Veo", Set.of("predictLongRunning", "fetchPredictOperation"), target -> {});

  private final Map<String, VeoOperation> operations = new ConcurrentHashMap<>();
  private final List<StartRecord> starts = new ArrayList<>();
  private final OutcomeScript script = new OutcomeScript();
  private final QuotaWindow quota = new QuotaWindow();
  private volatile Duration latency;
  /** When set, how long a request usually takes (instead of the fixed latency), and the spread around it. */
  private volatile LatencyModel latencyModel;
  private volatile double latencySpread;

  /** How long a generation of this model, clip length and resolution usually takes. */
  @FunctionalInterface
  public interface LatencyModel {
    Duration expected(String model, int durationSeconds, String resolution);
  }
  private volatile int quotaPerMinute;

  private HttpServer server;
  private ExecutorService executor;

  private VeoEmulator(Builder builder) {
    this.clock = builder.clock;
    this.requestedPort = builder.port;
    this.videoSink = builder.videoSink;
    this.videoSource = builder.videoSource != null ? builder.videoSource
        : builder.videoSink instanceof InMemoryVideoSink memory
            ? gcsUri -> memory.get(gcsUri).map(InMemoryVideoSink.StoredVideo::data)
            : VideoSource.NONE;
    this.defaultLatency = builder.latency;
    this.latencyJitter = builder.latencyJitter;
    this.defaultQuotaPerMinute = builder.quotaPerMinute;
    this.latency = builder.latency;
    this.quotaPerMinute = builder.quotaPerMinute;
    this.finisher = new OperationFinisher(new Mp4VideoGenerator(), builder.videoSink, this.videoSource,
        new OperationFinisher.VideoFormat(builder.width, builder.height, builder.fps));
    this.completions = new CompletionWatcher(clock, operations::values, finisher);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 on the configured port (a free one when 0) and starts serving. */
  public synchronized VeoEmulator start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the Veo emulator to port " + requestedPort, e);
    }
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", new VeoHttpHandler(this, new ControlPlaneHandler(this)));
    server.start();
    completions.start();
    return this;
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getAddress().getPort();
  }

  /** The base URL to give the client: {@code HttpOptions.builder().baseUrl(emu.baseUrl())}. */
  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** Same as {@link #baseUrl()}; the name every emulator in this project offers. */
  public String endpoint() {
    return baseUrl();
  }

  /** Drops operations, the start log, scripts, fault plans and quota usage, and restores the built settings. */
  public void reset() {
    faults.clear();
    List<VeoOperation> dropped = List.copyOf(operations.values());
    operations.clear();
    dropped.forEach(VeoOperation::drop);
    synchronized (starts) {
      starts.clear();
    }
    script.clear();
    quota.clear();
    latency = defaultLatency;
    latencyModel = null;
    quotaPerMinute = defaultQuotaPerMinute;
  }

  @Override
  public synchronized void close() {
    faults.releaseHeld();
    completions.close();
    if (server != null) {
      server.stop(0);
      executor.close();
      server = null;
      executor = null;
    }
  }

  /** The outcome of the next start that has no earlier queued outcome, whatever its prompt. */
  public void scriptNext(Outcome outcome) {
    script.enqueue(Objects.requireNonNull(outcome));
  }

  /** The outcome of each of the next {@code times} starts (e.g. to outlast the client's retries). */
  public void scriptNext(int times, Outcome outcome) {
    for (int i = 0; i < times; i++) {
      scriptNext(outcome);
    }
  }

  /** The outcome of every start whose prompt contains {@code substring}, until reset. */
  public void scriptForPromptContaining(String substring, Outcome outcome) {
    script.addPromptRule(substring, Objects.requireNonNull(outcome));
  }

  /**
   * The outcome of the first {@code times} starts whose prompt contains {@code substring}; later
   * ones fall through to the next rule (or succeed). A quota error that clears after two retries is
   * {@code scriptForPromptContaining("[quota]", 2, startError(429, …))}.
   */
  public void scriptForPromptContaining(String substring, int times, Outcome outcome) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    script.addPromptRule(substring, times, Objects.requireNonNull(outcome));
  }

  /**
   * Every start that reaches this rule (no queued outcome or earlier rule decided it) gets {@code outcome}
   * with probability {@code rate}, drawn from a Random seeded with {@code seed}: e.g. 10% SAFETY_FILTERED,
   * or {@code startError(503, …)} to fail starts before accepting them.
   */
  public void scriptRate(double rate, long seed, Outcome outcome) {
    script.addRateRule(rate, seed, Objects.requireNonNull(outcome));
  }

  /**
   * Faults to inject into predictLongRunning and fetchPredictOperation: an HTTP status or a dropped
   * connection before the call (no operation), or after it (the operation exists, runs and writes its
   * output, but the caller cannot know), or a hang; a plan's target is a substring of the prompt (for a
   * fetch, the prompt of the operation fetched). See emulators/docs/veo.md.
   */
  public FaultPlans faultPlans() {
    return faults;
  }

  /** Every accepted start, oldest first. */
  public List<StartRecord> starts() {
    synchronized (starts) {
      return List.copyOf(starts);
    }
  }

  /** When an operation's generation ends on the emulator clock (what "time to video" counts from). */
  public Optional<Instant> operationDoneAt(String operationName) {
    return Optional.ofNullable(operations.get(operationName)).map(VeoOperation::doneAt);
  }

  public int startCount() {
    synchronized (starts) {
      return starts.size();
    }
  }

  /** How long new operations run on the emulator clock; running operations keep theirs. */
  public void latency(Duration newLatency) {
    if (newLatency.isNegative()) {
      throw new IllegalArgumentException("latency cannot be negative: " + newLatency);
    }
    latency = newLatency;
  }

  public Duration latency() {
    return latency;
  }

  /**
   * New operations take the model's expected time for their request, times a uniformly random
   * factor within 1 ± {@code spread} (Veo's times vary about ±30 %), instead of the fixed latency;
   * until {@link #reset()}.
   */
  public void latencyModel(LatencyModel model, double spread) {
    if (spread < 0 || spread >= 1) {
      throw new IllegalArgumentException("spread must be in [0, 1): " + spread);
    }
    this.latencySpread = spread;
    this.latencyModel = model;
  }

  private Duration latencyOf(String model, GenerationRequest request) {
    LatencyModel m = latencyModel;
    if (m == null) {
      return latencyOfNewOperation();
    }
    Duration expected = m.expected(model, request.durationSeconds(), request.resolution());
    double factor = 1 + latencySpread * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofMillis(Math.max(0, Math.round(expected.toMillis() * factor)));
  }

  /** The latency, moved by a uniformly random amount within ± the built jitter (never below zero). */
  Duration latencyOfNewOperation() {
    Duration base = latency;
    long jitterMillis = latencyJitter.toMillis();
    if (jitterMillis == 0) {
      return base;
    }
    long shifted = base.toMillis() + ThreadLocalRandom.current().nextLong(-jitterMillis, jitterMillis + 1);
    return Duration.ofMillis(Math.max(0, shifted));
  }

  /** Starts admitted per base model in any sliding minute of emulator time; 0 rejects every start. */
  public void quotaPerMinute(int perMinute) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("quota cannot be negative: " + perMinute);
    }
    quotaPerMinute = perMinute;
  }

  public int quotaPerMinute() {
    return quotaPerMinute;
  }

  public VideoSink videoSink() {
    return videoSink;
  }

  public EmulatorClock clock() {
    return clock;
  }

  /**
   * An extension's input video checked as Veo checks it (an MP4 of 1-30 s) when the emulator can read
   * it; the result then shows the source's length before the continuation.
   */
  private GenerationRequest withSource(GenerationRequest request) {
    if (!request.isExtension() || request.videoUri().equals("(bytes)")) {
      return request;
    }
    java.util.Optional<byte[]> video = videoSource.read(request.videoUri());
    if (video == null) {
      return request;
    }
    byte[] data = video.orElseThrow(() -> GoogleApiError.invalidArgument(
        "instances[0].video: the input video " + request.videoUri() + " could not be read."));
    double seconds = Mp4Duration.seconds(data).orElseThrow(() -> GoogleApiError.invalidArgument(
        "instances[0].video: the input video " + request.videoUri() + " is not an MP4 file."));
    if (seconds < StartRequestParser.MIN_EXTENSION_INPUT_SECONDS || seconds > StartRequestParser.MAX_EXTENSION_INPUT_SECONDS) {
      throw GoogleApiError.invalidArgument("Unsupported input video duration " + Math.round(seconds)
          + " seconds for feature video_extension, supported durations are "
          + StartRequestParser.MIN_EXTENSION_INPUT_SECONDS + " to " + StartRequestParser.MAX_EXTENSION_INPUT_SECONDS
          + " seconds.");
    }
    return request.withSourceSeconds((int) Math.round(seconds));
  }

  /** Handles {@code :predictLongRunning} after routing and authentication; returns the operation. */
  ObjectNode startGeneration(ModelPath path, JsonNode body) {
    Instant now = clock.instant();
    if (!quota.tryAdmit(VeoModels.baseModel(path.model()), now, quotaPerMinute)) {
      throw GoogleApiError.resourceExhausted("Quota exceeded for aiplatform.googleapis.com/"
          + "online_prediction_requests_per_base_model with base model: " + VeoModels.baseModel(path.model())
          + ". Please submit a quota increase request. "
          + "https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.");
    }
    GenerationRequest request = withSource(StartRequestParser.parse(body, path.model()));
    Outcome outcome = script.decide(request.prompt());
    if (outcome instanceof Outcome.StartError error) {
      throw new GoogleApiError(error.httpStatus(), error.status(), error.message());
    }
    String id = UUID.randomUUID().toString();
    String name = path.resourceName() + "/operations/" + id;
    operations.put(name, new VeoOperation(name, id, request, now.plus(latencyOf(path.model(), request)), outcome));
    synchronized (starts) {
      starts.add(new StartRecord(path.model(), request.prompt(), request.parametersJson(), name, now,
          request.instanceJson()));
    }
    completions.wake();
    ObjectNode answer = HttpJson.MAPPER.createObjectNode();
    answer.put("name", name);
    return answer;
  }

  /** The prompt of a known operation, for matching fault plan targets on fetches. */
  Optional<String> promptOf(String operationName) {
    return Optional.ofNullable(operations.get(operationName)).map(op -> op.request().prompt());
  }

  /** Handles {@code :fetchPredictOperation}. */
  ObjectNode fetchOperation(String operationName) {
    VeoOperation operation = operations.get(operationName);
    if (operation == null || operation.outcome() instanceof Outcome.NotFound) {
      throw GoogleApiError.notFound("Operation \"" + operationName + "\" not found.");
    }
    return operation.view(clock.instant(), finisher);
  }

  /** Builds a {@link VeoEmulator}; every setting has a test-friendly default. */
  public static final class Builder {
    private EmulatorClock clock = EmulatorClock.system();
    private int port = 0;
    private VideoSink videoSink = new InMemoryVideoSink();
    private VideoSource videoSource;
    private Duration latency = Duration.ofSeconds(20);
    private Duration latencyJitter = Duration.ZERO;
    private int quotaPerMinute = 50;
    private int width = 320;
    private int height = 180;
    private int fps = 8;

    private Builder() {}

    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Where input videos of extensions are read from; defaults to the sink when it is an {@link InMemoryVideoSink}. */
    public Builder videoSource(VideoSource videoSource) {
      this.videoSource = Objects.requireNonNull(videoSource);
      return this;
    }

    /** Where videos for requests with a storageUri go; defaults to an {@link InMemoryVideoSink}. */
    public Builder videoSink(VideoSink videoSink) {
      this.videoSink = Objects.requireNonNull(videoSink);
      return this;
    }

    /** Time on the emulator clock from start to done; default 20 s. */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency cannot be negative: " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Each operation's latency varies uniformly within ± this (default zero), as real generation
     * times do; the run-time {@link VeoEmulator#latency(Duration)} keeps the same jitter.
     */
    public Builder latencyJitter(Duration jitter) {
      if (jitter.isNegative()) {
        throw new IllegalArgumentException("jitter cannot be negative: " + jitter);
      }
      this.latencyJitter = jitter;
      return this;
    }

    /** Default 50, the Veo 3.1 GA models' per-project limit. */
    public Builder quotaPerMinute(int quotaPerMinute) {
      if (quotaPerMinute < 0) {
        throw new IllegalArgumentException("quota cannot be negative: " + quotaPerMinute);
      }
      this.quotaPerMinute = quotaPerMinute;
      return this;
    }

    /** Frame size of 16:9 videos (9:16 videos swap it); default 320x180. Both must be even. */
    public Builder videoSize(int width, int height) {
      if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
        throw new IllegalArgumentException("video size must be positive and even: " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** Frame rate of generated videos; default 8, which keeps encoding an 8 s video well under a second. */
    public Builder fps(int fps) {
      if (fps <= 0 || fps > 60) {
        throw new IllegalArgumentException("fps must be 1..60: " + fps);
      }
      this.fps = fps;
      return this;
    }

    public VeoEmulator build() {
      return new VeoEmulator(this);
    }
  }
}
