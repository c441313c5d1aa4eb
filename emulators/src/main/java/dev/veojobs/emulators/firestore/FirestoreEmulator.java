package dev.veojobs.emulators.firestore;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.FaultPlans;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An in-process, wire-compatible Firestore (gRPC google.firestore.v1.Firestore) for the official clients:
 * point them at {@link #hostAndPort()} as at the official emulator
 * ({@code FirestoreOptions.newBuilder().setEmulatorHost(...)} or {@code FIRESTORE_EMULATOR_HOST}). Any
 * bearer token is accepted. Time comes from the shared {@link EmulatorClock}; with an indexes file,
 * queries that production would reject for a missing composite index are rejected the same way.
 */
public final class FirestoreEmulator implements AutoCloseable {
  private static final String DEFAULT_DATABASE = "(default)";
  private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  private final EmulatorClock clock;
  private final IndexCatalog indexes;
  private final int requestedPort;
  private final int requestedAdminPort;
  private final Transactions transactions = new Transactions();
  private final DocumentStore store;
  private final FaultPlans faults = FaultPlans.grpc("Firestore", Set.of("Commit", "BatchWrite", "BeginTransaction",
      "Rollback", "GetDocument", "BatchGetDocuments", "RunQuery", "RunAggregationQuery"));
  private Server server;
  private AdminServer admin;

  private FirestoreEmulator(Builder builder) {
    this.clock = builder.clock == null ? EmulatorClock.system() : builder.clock;
    this.indexes = builder.indexes == null ? IndexCatalog.unenforced() : IndexCatalog.load(builder.indexes);
    this.requestedPort = builder.port;
    this.requestedAdminPort = builder.adminPort;
    this.store = new DocumentStore(clock, transactions);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 on the configured ports (a free port for 0) and starts serving. */
  public synchronized FirestoreEmulator start() {
    if (server != null) {
      throw new IllegalStateException("Firestore emulator already started");
    }
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", requestedPort))
          .addService(new FirestoreService(store, transactions, indexes, faults))
          // Production accepts commits of up to 500 writes of 1 MiB documents, well past gRPC's 4 MiB default.
          .maxInboundMessageSize(MAX_REQUEST_BYTES)
          .build()
          .start();
      admin = new AdminServer(this, store, requestedAdminPort);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the Firestore emulator", e);
    }
    return this;
  }

  public int port() {
    return started().getPort();
  }

  public int adminPort() {
    started();
    return admin.port();
  }

  /** What {@code FIRESTORE_EMULATOR_HOST} and {@code setEmulatorHost} take, e.g. {@code localhost:8080}. */
  public String hostAndPort() {
    return "localhost:" + port();
  }

  /** Same as {@link #hostAndPort()}: gRPC endpoints carry no scheme. */
  public String endpoint() {
    return hostAndPort();
  }

  /** The control plane's base URL, e.g. {@code http://localhost:8081}. */
  public String adminEndpoint() {
    return "http://localhost:" + adminPort();
  }

  public boolean enforcesIndexes() {
    return indexes.enforcing();
  }

  /** Drops every document, open transaction and fault plan, and zeroes the counters. */
  public void reset() {
    faults.clear();
    store.clear();
  }

  /**
   * Faults to inject into calls: Commit (transaction commits included), BatchWrite, BeginTransaction,
   * Rollback, GetDocument, BatchGetDocuments, RunQuery and RunAggregationQuery, failed with a gRPC code or
   * held; a plan's target is a document path prefix such as {@code jobs/}. See emulators/docs/firestore.md.
   */
  public FaultPlans faultPlans() {
    return faults;
  }

  /**
   * A stored document of the default database as plain Java values (timestamps as {@link java.time.Instant},
   * bytes as {@code byte[]}, references as resource names), or empty when it does not exist.
   *
   * @param path the path below {@code /documents}, e.g. {@code jobs/abc}
   */
  public Optional<Map<String, Object>> document(String projectId, String path) {
    String name = "projects/" + projectId + "/databases/" + DEFAULT_DATABASE + "/documents/" + path;
    DocumentName parsed;
    try {
      parsed = DocumentName.parse(name);
    } catch (io.grpc.StatusRuntimeException e) {
      throw new IllegalArgumentException(e.getStatus().getDescription(), e);
    }
    return store.get(parsed.name()).map(doc -> PlainValues.toJava(doc.fields()));
  }

  public int documentCount() {
    return store.size();
  }

  /** Successful commits (Commit, BatchWrite writes, Create/Update/DeleteDocument), including empty ones. */
  public long commitCount() {
    return store.commitCount();
  }

  /** Writes applied by successful commits: what a test checks to prove a step wrote nothing. */
  public long writeCount() {
    return store.writeCount();
  }

  /** Transaction commits refused with ABORTED (contention) since the start or the last reset. */
  public long abortedCount() {
    return store.abortedCount();
  }

  public EmulatorClock clock() {
    return clock;
  }

  @Override
  public synchronized void close() {
    faults.releaseHeld();
    if (admin != null) {
      admin.close();
      admin = null;
    }
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  private Server started() {
    if (server == null) {
      throw new IllegalStateException("Firestore emulator not started");
    }
    return server;
  }

  public static final class Builder {
    private EmulatorClock clock;
    private Path indexes;
    private int port;
    private int adminPort;

    private Builder() {}

    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A {@code firestore.indexes.json} to enforce; {@code null} serves every query without index checks. */
    public Builder indexes(Path firestoreIndexesJson) {
      this.indexes = firestoreIndexesJson;
      return this;
    }

    /** The gRPC port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The HTTP control-plane port; 0 picks a free one. */
    public Builder adminPort(int adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    public FirestoreEmulator build() {
      return new FirestoreEmulator(this);
    }
  }
}
