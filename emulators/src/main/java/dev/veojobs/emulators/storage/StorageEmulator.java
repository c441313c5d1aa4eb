package dev.veojobs.emulators.storage;

import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.DiscardingExchange;
import dev.veojobs.emulators.faults.FaultPlans;
import dev.veojobs.emulators.faults.HttpFaults;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * An in-process Cloud Storage emulator that the official {@code google-cloud-storage} client
 * talks to over HTTP: the JSON API (buckets, objects, media/multipart/resumable uploads,
 * downloads with Range, rewrite/copy, list, preconditions) and V4 signed URLs on the XML API's
 * path-style {@code /{bucket}/{object}}. See {@code emulators/docs/storage.md} for the fidelity
 * table.
 *
 * <pre>{@code
 * StorageEmulator emu = StorageEmulator.builder().clock(clock).port(0).build();
 * emu.start();
 * Storage storage = StorageOptions.newBuilder().setProjectId("p").setHost(emu.baseUrl())
 *     .setCredentials(NoCredentials.getInstance()).build().getService();
 * }</pre>
 */
public final class StorageEmulator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StorageEmulator.class.getName());

  private final EmulatorClock clock;
  private final int requestedPort;
  private final int threads;
  private final ObjectStore store;
  private final Map<String, PublicKey> trustedSigners = new ConcurrentHashMap<>();
  private final JsonApiHandler jsonApi;
  private final UploadHandler uploads;
  private final SignedUrlHandler signedUrls;
  private final ControlPlaneHandler controlPlane;
  private final FaultPlans faults = FaultPlans.http("Cloud Storage",
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"), Pattern::compile);
  private LoopbackHttpServer server;

  private StorageEmulator(Builder builder) {
    this.clock = builder.clock;
    this.requestedPort = builder.port;
    this.threads = builder.threads;
    this.store = new ObjectStore(clock);
    this.jsonApi = new JsonApiHandler(store);
    this.uploads = new UploadHandler(store);
    this.signedUrls = new SignedUrlHandler(store, trustedSigners, clock);
    this.controlPlane = new ControlPlaneHandler(store, this::reset, faults);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 on the configured port, or a free one when it is 0. */
  public synchronized StorageEmulator start() {
    if (server != null) {
      throw new IllegalStateException("the storage emulator is already started");
    }
    try {
      server = LoopbackHttpServer.start(requestedPort, 64,
          Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("storage-emulator-", 1).factory()),
          this::route);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the storage emulator to port " + requestedPort, e);
    }
    return this;
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the storage emulator is not started");
    }
    return server.port();
  }

  /** {@code http://localhost:PORT}: the client's host, and the host name signed URLs use. */
  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** Same as {@link #baseUrl()}; the name every emulator uses for where clients connect. */
  public String endpoint() {
    return baseUrl();
  }

  public EmulatorClock clock() {
    return clock;
  }

  /**
   * Drops every bucket, object and upload session. Trusted signers stay: they are configuration
   * (which keys exist), not data, and the local stack registers them once at startup.
   */
  public void reset() {
    faults.clear();
    uploads.reset();
    store.reset();
  }

  /**
   * Faults to inject into requests: a plan's calls are HTTP methods (PATCH as the client sends it, with
   * X-HTTP-Method-Override) and its target a regular expression found in the decoded path plus query,
   * e.g. {@code /rewriteTo/} or {@code /o/videos/} (names are decoded, so {@code %2F} reads as {@code /}). See emulators/docs/storage.md.
   */
  public FaultPlans faultPlans() {
    return faults;
  }

  /** Creates a bucket; does nothing when it already exists. */
  public void createBucket(String bucket) {
    if (store.bucket(bucket).isEmpty()) {
      try {
        store.createBucket(bucket, null);
      } catch (StorageError e) {
        if (e.status() != 409) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
    }
  }

  /**
   * Stores an object (replacing the live generation) and returns its new generation.
   *
   * @throws IllegalArgumentException when the bucket does not exist (buckets are never created
   *     implicitly, as in production) or the name is invalid
   */
  public long putObject(String bucket, String name, byte[] data, String contentType) {
    return putObject(bucket, name, data, contentType, Map.of());
  }

  public long putObject(String bucket, String name, byte[] data, String contentType, Map<String, String> metadata) {
    try {
      return store.put(new NewObject(bucket, name, data, contentType, metadata, ObjectHeaders.NONE),
          Preconditions.NONE).generation();
    } catch (StorageError e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + bucket + "/" + name + ")", e);
    }
  }

  public Optional<StoredObject> object(String bucket, String name) {
    return store.object(bucket, name);
  }

  /** The bucket's objects in name order; every object when {@code bucket} is null. */
  public List<StoredObject> objects(String bucket) {
    return store.objects(bucket);
  }

  /** Lets V4 signed URLs whose credential names {@code serviceAccountEmail} be verified with {@code key}. */
  public void trustSigner(String serviceAccountEmail, PublicKey key) {
    trustedSigners.put(Objects.requireNonNull(serviceAccountEmail), Objects.requireNonNull(key));
  }

  @Override
  public synchronized void close() {
    faults.releaseHeld();
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * Decides the request's fault, then serves it: BEFORE, only the fault answers; AFTER, the request is
   * served with its answer thrown away and the fault answers instead. A held exchange stays open.
   */
  private void route(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    boolean held = false;
    try {
      if (path.startsWith(ControlPlaneHandler.PREFIX)) {
        serve(exchange);
        return;
      }
      String method = JsonApiHandler.method(exchange);
      String target = exchange.getRequestURI().getPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      Optional<FaultPlans.Injection> fault =
          faults.decide(method, pattern -> Pattern.compile(pattern).matcher(target).find());
      if (fault.isEmpty()) {
        serve(exchange);
        return;
      }
      if (!fault.get().before()) {
        serve(new DiscardingExchange(exchange));
      }
      held = HttpFaults.strike(faults, fault.get(), method, exchange, StorageEmulator::sendFault);
    } finally {
      if (!held) {
        exchange.close();
      }
    }
  }

  /** A fault's answer in the dialect of the path: XML for signed URLs, JSON for the JSON API. */
  private static void sendFault(HttpExchange exchange, int status, String message) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    drain(exchange);
    if (path.startsWith("/storage/") || path.startsWith("/upload/") || path.startsWith("/download/")
        || path.startsWith("/batch/")) {
      String reason = switch (status) {
        case 429 -> "rateLimitExceeded";
        case 500, 502, 503, 504 -> "backendError";
        default -> "failed";
      };
      Exchanges.sendJson(exchange, status, Resources.error(StorageError.of(status, reason, message)));
    } else {
      Exchanges.sendXml(exchange, XmlError.of(status, HttpFaults.statusName(status), message, null));
    }
  }

  /** Serves one request; the caller closes the exchange. */
  private void serve(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    try {
      if (path.startsWith(ControlPlaneHandler.PREFIX)) {
        controlPlane.handle(exchange);
      } else if (UploadHandler.handles(path)) {
        uploads.handle(exchange);
      } else if (JsonApiHandler.handles(path)) {
        jsonApi.handle(exchange);
      } else if (path.startsWith("/batch/") || path.startsWith("/storage/") || path.startsWith("/upload/")) {
        throw StorageError.notImplemented(exchange.getRequestMethod(), path);
      } else {
        signedUrls.handle(exchange);
      }
    } catch (StorageError e) {
      respond(exchange, () -> Exchanges.sendJson(exchange, e.status(), Resources.error(e)));
    } catch (XmlError e) {
      respond(exchange, () -> Exchanges.sendXml(exchange, e));
    } catch (IOException e) {
      LOG.log(Level.FINE, "storage emulator: connection failed during " + path, e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "storage emulator: internal error on " + exchange.getRequestMethod() + " " + path, e);
      respond(exchange, () -> Exchanges.sendJson(exchange, 500,
          Resources.error(StorageError.of(500, "backendError", "Internal error in the storage emulator: " + e))));
    } finally {
      LOG.fine(() -> exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> "
          + exchange.getResponseCode());
    }
  }

  private interface Response {
    void send() throws IOException;
  }

  /** Sends an error unless the handler already began its response (then the connection just closes). */
  private static void respond(HttpExchange exchange, Response response) {
    if (exchange.getResponseCode() != -1) {
      return;
    }
    try {
      drain(exchange);
      response.send();
    } catch (IOException e) {
      LOG.log(Level.FINE, "storage emulator: could not send an error response", e);
    }
  }

  /** Reads what the client is still sending so the error reaches it instead of a reset connection. */
  private static void drain(HttpExchange exchange) {
    try {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    } catch (IOException alreadyConsumed) {
      // the handler read (and closed) the body before failing; nothing is left to drain
    }
  }

  public static final class Builder {
    private EmulatorClock clock = EmulatorClock.system();
    private int port;
    private int threads = 8;

    private Builder() {}

    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      this.threads = threads;
      return this;
    }

    public StorageEmulator build() {
      return new StorageEmulator(this);
    }
  }
}
