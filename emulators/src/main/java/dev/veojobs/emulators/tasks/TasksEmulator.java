package dev.veojobs.emulators.tasks;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.FaultPlans;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An in-process, wire-compatible Cloud Tasks v2 emulator. The official client talks to it over
 * gRPC on {@link #port()}; due tasks are delivered over HTTP to their URLs by a dispatcher that
 * follows the {@link EmulatorClock}; a control plane on {@link #adminPort()} serves health, reset,
 * inspection, fault settings, and the OIDC discovery document and JWKS for the tokens it signs.
 *
 * <pre>{@code
 * try (TasksEmulator emu = TasksEmulator.builder().clock(clock).build()) {
 *   emu.start();
 *   // point CloudTasksSettings at emu.endpoint() with plaintext and no credentials
 * }
 * }</pre>
 */
public final class TasksEmulator implements AutoCloseable {
  /** Large enough that an oversized task reaches the 1 MB check and gets INVALID_ARGUMENT. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 10 * 1024 * 1024;

  private final EmulatorClock clock;
  private final int requestedPort;
  private final int requestedAdminPort;
  private final TaskFaults faults = new TaskFaults();
  private final FaultPlans faultPlans = FaultPlans.grpc("Cloud Tasks", Set.of("CreateTask"));
  private final TaskStore store;
  private final OidcTokenIssuer oidc = new OidcTokenIssuer();
  private final Dispatcher dispatcher;
  private final AdminServer admin;
  private Server grpc;
  private int port = -1;
  private int adminPort = -1;

  private TasksEmulator(Builder b) {
    this.clock = b.clock;
    this.requestedPort = b.port;
    this.requestedAdminPort = b.adminPort;
    this.store = new TaskStore(clock, b.tombstone, faults);
    this.dispatcher = new Dispatcher(store, clock, oidc);
    this.admin = new AdminServer(this, oidc);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 (gRPC and admin) and starts dispatching. */
  public synchronized TasksEmulator start() {
    if (grpc != null) {
      throw new IllegalStateException("already started");
    }
    try {
      grpc =
          NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort))
              .addService(new CloudTasksService(store, faultPlans))
              .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
              .build()
              .start();
      port = grpc.getPort();
      adminPort = admin.start(requestedAdminPort);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the Cloud Tasks emulator", e);
    }
    oidc.issuer("http://localhost:" + adminPort);
    dispatcher.start();
    return this;
  }

  /** The gRPC port. */
  public int port() {
    requireStarted();
    return port;
  }

  /** The control-plane HTTP port. */
  public int adminPort() {
    requireStarted();
    return adminPort;
  }

  /** {@code localhost:PORT}, the endpoint for the client's channel provider. */
  public String endpoint() {
    return "localhost:" + port();
  }

  /** The {@code iss} of every token this emulator signs: {@code http://localhost:ADMINPORT}. */
  public String oidcIssuer() {
    requireStarted();
    return oidc.issuer();
  }

  /**
   * An OIDC token signed like the ones tasks carry, for other local callers that act as a Google
   * service account (the local Cloud Scheduler's sweep).
   */
  public String oidcToken(String serviceAccountEmail, String audience) {
    requireStarted();
    return oidc.token(serviceAccountEmail, audience, clock.instant());
  }

  /** Where the public signing key is published ({@code jwks_uri} of the OpenID configuration). */
  public String jwksUrl() {
    requireStarted();
    return oidc.jwksUri();
  }

  /** Fault settings for deliveries; they stay until changed, cleared or {@link #reset()}. */
  public TaskFaults faults() {
    return faults;
  }

  /**
   * Faults to inject into CreateTask calls (UNAVAILABLE before or after the task is created, a forced
   * ALREADY_EXISTS, a hang); a plan's target is a substring of the task id. Delivery faults are
   * {@link #faults()}. See emulators/docs/tasks.md.
   */
  public FaultPlans faultPlans() {
    return faultPlans;
  }

  /** Every delivery so far, oldest first (the last 10,000). */
  public List<DispatchRecord> dispatches() {
    return store.dispatches();
  }

  /** Tasks still held: waiting for their time or being dispatched. */
  public List<TaskSnapshot> pendingTasks() {
    return store.snapshots();
  }

  public int pendingTaskCount() {
    return store.pendingCount();
  }

  /**
   * Returns once no attempt is in flight and no task could be dispatched at the clock's current
   * time; throws {@link IllegalStateException} if that does not happen within {@code timeout}.
   * Tasks that wait for a later time, a rate-limit token or a paused queue do not count as busy.
   */
  public void awaitIdle(Duration timeout) {
    try {
      store.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Cloud Tasks emulator", e);
    }
  }

  /** Drops queues, tasks, reserved names, the delivery log, fault settings and fault plans; abandons deliveries in flight. */
  public void reset() {
    faultPlans.clear();
    Dispatcher.cancel(store.reset());
    faults.clear();
    dispatcher.wake();
  }

  @Override
  public synchronized void close() {
    faultPlans.releaseHeld();
    dispatcher.close();
    Dispatcher.cancel(store.reset());
    admin.close();
    if (grpc != null) {
      grpc.shutdownNow();
      try {
        grpc.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireStarted() {
    if (port < 0) {
      throw new IllegalStateException("the Cloud Tasks emulator is not started");
    }
  }

  /** Settings for a {@link TasksEmulator}; every one has a default. */
  public static final class Builder {
    private EmulatorClock clock = EmulatorClock.system();
    private int port;
    private int adminPort;
    private Duration tombstone = Duration.ofHours(1);

    private Builder() {}

    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The gRPC port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The control-plane port; 0 (the default) picks a free one. */
    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    /** How long a named task's name stays reserved after it ran or was deleted (default 1 hour). */
    public Builder tombstone(Duration tombstone) {
      Objects.requireNonNull(tombstone, "tombstone");
      if (tombstone.isNegative()) {
        throw new IllegalArgumentException("tombstone must not be negative: " + tombstone);
      }
      this.tombstone = tombstone;
      return this;
    }

    public TasksEmulator build() {
      return new TasksEmulator(this);
    }
  }
}
