package dev.veojobs.emulators.stack;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.stack.config.LocalStackConfig;
import dev.veojobs.emulators.stack.config.StackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link LocalStack}. Everything defaults to {@code emulator-config/} and
 * {@code web/} under the working directory, the system clock, and the external emulators named by
 * the environment; tests override what they need:
 *
 * <pre>{@code
 * LocalStackOptions.builder()
 *     .freePorts()                                  // never collide with a running ./dev up
 *     .clock(clock)                                 // advance it instead of sleeping
 *     .externalEmulators(ExternalEmulators.none())  // always the in-process emulators
 *     .functionSetting("POLL_FIRST_DELAY", "PT15S")
 *     .build();
 * }</pre>
 */
public final class LocalStackOptions {
  /** The loopback address the functions listen on unless told otherwise. */
  public static final String LOOPBACK = java.net.InetAddress.getLoopbackAddress().getHostAddress();

  private final Path configDirectory;
  private final Path webDirectory;
  private final StackPorts ports;
  private final EmulatorClock clock;
  private final ExternalEmulators externalEmulators;
  private final Duration veoLatency;
  private final Duration veoLatencyJitter;
  private final Integer veoRequestsPerMinute;
  private final Double startDispatchesPerSecond;
  private final boolean scriptedOutcomes;
  private final Map<String, String> functionSettings;
  private final boolean functions;
  private final String functionsHost;
  private final boolean sweeper;

  private LocalStackOptions(Builder b) {
    this.configDirectory = b.configDirectory;
    this.webDirectory = b.webDirectory;
    this.ports = b.ports;
    this.clock = b.clock == null ? EmulatorClock.system() : b.clock;
    this.externalEmulators = b.externalEmulators == null ? ExternalEmulators.fromEnvironment() : b.externalEmulators;
    this.veoLatency = b.veoLatency;
    this.veoLatencyJitter = b.veoLatencyJitter;
    this.veoRequestsPerMinute = b.veoRequestsPerMinute;
    this.startDispatchesPerSecond = b.startDispatchesPerSecond;
    this.scriptedOutcomes = b.scriptedOutcomes;
    this.functionSettings = Map.copyOf(b.functionSettings);
    this.functions = b.functions;
    this.functionsHost = b.functionsHost;
    this.sweeper = b.sweeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Everything from {@code emulator-config/} as it is: what {@code ./dev up} runs. */
  public static LocalStackOptions defaults() {
    return builder().build();
  }

  public Path configDirectory() {
    return configDirectory;
  }

  public Path webDirectory() {
    return webDirectory;
  }

  /** The ports to use: the override, or those of the config file. */
  public StackPorts ports(LocalStackConfig config) {
    return ports == null ? config.ports() : ports;
  }

  public boolean portsFromConfig() {
    return ports == null;
  }

  public EmulatorClock clock() {
    return clock;
  }

  public ExternalEmulators externalEmulators() {
    return externalEmulators;
  }

  public Duration veoLatency(LocalStackConfig config) {
    return veoLatency == null ? config.fakeVeo().generation() : veoLatency;
  }

  public Duration veoLatencyJitter(LocalStackConfig config) {
    return veoLatencyJitter == null ? config.fakeVeo().generationJitter() : veoLatencyJitter;
  }

  /** start-queue.json, at the overridden dispatch rate when one was given. */
  public dev.veojobs.emulators.stack.config.QueueFile startQueue(LocalStackConfig config) {
    var q = config.startQueue();
    if (startDispatchesPerSecond == null) {
      return q;
    }
    return new dev.veojobs.emulators.stack.config.QueueFile(q.name(), startDispatchesPerSecond,
        q.maxConcurrentDispatches(), q.maxAttempts(), q.minBackoff(), q.maxBackoff(), q.maxDoublings(),
        q.maxRetryDuration(), q.dispatchDeadline());
  }

  public int veoRequestsPerMinute(LocalStackConfig config) {
    return veoRequestsPerMinute == null ? config.fakeVeo().requestsPerMinute() : veoRequestsPerMinute;
  }

  public boolean scriptedOutcomes() {
    return scriptedOutcomes;
  }

  /** Function settings that win over {@code function_settings} in the config file and the stack's own. */
  public Map<String, String> functionSettings() {
    return functionSettings;
  }

  public boolean functions() {
    return functions;
  }

  /** Whether the stack runs the sweeper on the scheduler.json schedule (it does unless turned off). */
  public boolean sweeper() {
    return sweeper && functions;
  }

  /** The address the three functions listen on; default loopback. */
  public String functionsHost() {
    return functionsHost;
  }

  public static final class Builder {
    private Path configDirectory = LocalStackConfig.defaultDirectory();
    private Path webDirectory = Path.of("web");
    private StackPorts ports;
    private EmulatorClock clock;
    private ExternalEmulators externalEmulators;
    private Duration veoLatency;
    private Duration veoLatencyJitter;
    private Integer veoRequestsPerMinute;
    private Double startDispatchesPerSecond;
    private boolean scriptedOutcomes = true;
    private final Map<String, String> functionSettings = new LinkedHashMap<>();
    private boolean functions = true;
    private boolean sweeper = true;
    private String functionsHost = LOOPBACK;

    private Builder() {}

    /** The directory holding {@code local-stack.json}, {@code queue.json} and the index file. */
    public Builder configDirectory(Path directory) {
      this.configDirectory = Objects.requireNonNull(directory);
      return this;
    }

    /** The static web client to serve; default {@code web/}. */
    public Builder webDirectory(Path directory) {
      this.webDirectory = Objects.requireNonNull(directory);
      return this;
    }

    /** Every port 0 (free), whatever the config file says. */
    public Builder freePorts() {
      return ports(StackPorts.allFree());
    }

    public Builder ports(StackPorts ports) {
      this.ports = Objects.requireNonNull(ports);
      return this;
    }

    /** The one clock of every emulator; default {@link EmulatorClock#system()}. */
    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Default: {@link ExternalEmulators#fromEnvironment()}; {@link ExternalEmulators#none()} forces ours. */
    public Builder externalEmulators(ExternalEmulators external) {
      this.externalEmulators = Objects.requireNonNull(external);
      return this;
    }

    /** Veo generation time on the clock (default {@code fake_veo.generation_seconds}), with no jitter unless set. */
    public Builder veoLatency(Duration latency) {
      this.veoLatency = Objects.requireNonNull(latency);
      if (veoLatencyJitter == null) {
        veoLatencyJitter = Duration.ZERO;
      }
      return this;
    }

    public Builder veoLatencyJitter(Duration jitter) {
      this.veoLatencyJitter = Objects.requireNonNull(jitter);
      return this;
    }

    /**
     * The start queue's dispatch rate instead of start-queue.json's, as a deployment with another
     * Veo quota would set it (the bench runs quotas of 50 and 500 a minute).
     */
    public Builder startDispatchesPerSecond(double perSecond) {
      this.startDispatchesPerSecond = perSecond;
      return this;
    }

    public Builder veoRequestsPerMinute(int perMinute) {
      this.veoRequestsPerMinute = perMinute;
      return this;
    }

    /** Whether the prompt markers of {@code fake_veo.scripted_outcomes} apply; default true. */
    public Builder scriptedOutcomes(boolean enabled) {
      this.scriptedOutcomes = enabled;
      return this;
    }

    /** A function environment variable (a {@code Setting} name), e.g. {@code POLL_FIRST_DELAY=PT15S}. */
    public Builder functionSetting(String name, String value) {
      functionSettings.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Emulators and the web page only, without the three functions: for work on the emulators
     * themselves, where the functions module is not on the classpath.
     */
    public Builder withoutFunctions() {
      this.functions = false;
      return this;
    }

    /**
     * No scheduled sweeps: for tests that call {@code /sweep} themselves and must know exactly
     * when it runs.
     */
    public Builder withoutSweeper() {
      this.sweeper = false;
      return this;
    }

    /**
     * Where the three functions listen. They run with {@code AUTH_MODE=emulator}, which accepts
     * unsigned tokens, so anything but loopback lets whoever reaches the address act as any user.
     */
    public Builder functionsHost(String host) {
      this.functionsHost = Ports.address(Objects.requireNonNull(host)).getHostAddress();
      return this;
    }

    public LocalStackOptions build() {
      return new LocalStackOptions(this);
    }
  }
}
