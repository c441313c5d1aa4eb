package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import dev.veojobs.security.webhook.StandardWebhooksReceiver;
import dev.veojobs.security.webhook.WebhookHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The customer's end of the webhooks: an HTTP server on loopback that records every delivery it
 * gets (webhook-id, event type, job id, when, whether the Standard Webhooks signature holds, checked
 * the way {@link StandardWebhooksReceiver} does) and answers 204 to a signed one, 401 to anything
 * else, as a careful receiver would.
 *
 * <p>A {@link Slowness} makes it take longer than the task's dispatch deadline to answer: it keeps
 * the first attempt of each id open until the retry arrives (bounded in wall time) and asks for
 * that much time to pass on the shared clock, so Cloud Tasks gives up on the first attempt and
 * sends the retry while the first is still open. The time passes in {@link #letBusyTimePass()},
 * which the driver calls only once the stack has settled: a skip taken inside the handler would
 * also age every other delivery already signed and on its way here — by more than the signature's
 * five-minute tolerance when the deadline is six minutes — which no real receiver would see
 * (receivers busy at the same time are busy in parallel, not one after the other).
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One delivery as the receiver saw it; {@code signed} is false for a missing or wrong signature. */
  record Receipt(Instant at, String webhookId, String type, String jobId, boolean signed) {}

  /** How long a first delivery of an id keeps the receiver busy: clock time, then a wall-clock hold. */
  record Slowness(Duration clockTime, Duration hold) {}

  private final EmulatorClock clock;
  private final String secret;
  private final StandardWebhooksReceiver verifier;
  private final LoopbackHttpServer server;
  private final List<Receipt> receipts = new ArrayList<>();
  private volatile Slowness slowness;
  private Instant busyUntil;

  WebhookReceiver(EmulatorClock clock) {
    this.clock = clock;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    this.verifier = new StandardWebhooksReceiver(secret);
    try {
      this.server = LoopbackHttpServer.start(0, Executors.newVirtualThreadPerTaskExecutor(), this::handle);
    } catch (IOException e) {
      throw new UncheckedIOException("the chaos webhook receiver could not start", e);
    }
  }

  /** The {@code whsec_} secret the finalizer must sign with (its WEBHOOK_SECRETS). */
  String secret() {
    return secret;
  }

  /** A webhook_url the jobs-api accepts locally (WEBHOOK_ALLOW_LOOPBACK). */
  String url() {
    return "http://localhost:" + server.port() + "/hooks";
  }

  /** Null answers at once. */
  void slowness(Slowness slowness) {
    this.slowness = slowness;
  }

  List<Receipt> receipts() {
    synchronized (receipts) {
      return List.copyOf(receipts);
    }
  }

  void clear() {
    synchronized (receipts) {
      receipts.clear();
    }
    slowness = null;
    synchronized (this) {
      busyUntil = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Instant now = clock.instant();
      String id = exchange.getRequestHeaders().getFirst(WebhookHeaders.ID);
      boolean signed = verifier.verify(id, exchange.getRequestHeaders().getFirst(WebhookHeaders.TIMESTAMP),
          exchange.getRequestHeaders().getFirst(WebhookHeaders.SIGNATURE), body, now);
      JsonNode payload = parse(body);
      boolean first;
      synchronized (receipts) {
        first = receipts.stream().noneMatch(r -> r.webhookId() != null && r.webhookId().equals(id));
        receipts.add(new Receipt(now, id, payload.path("type").asText(null),
            payload.path("data").path("job_id").asText(null), signed));
        receipts.notifyAll();
      }
      Slowness slow = slowness;
      if (signed && first && slow != null) {
        busyUntil(now.plus(slow.clockTime()));
        awaitRetryOf(id, slow.hold());
      }
      exchange.sendResponseHeaders(signed ? 204 : 401, -1);
    }
  }

  private synchronized void busyUntil(Instant until) {
    if (busyUntil == null || until.isAfter(busyUntil)) {
      busyUntil = until;
    }
  }

  /**
   * Lets the time a slow first delivery asked for pass on the shared clock, once for every delivery
   * held since the last call; to be called when nothing is on its way to the receiver.
   */
  synchronized void letBusyTimePass() {
    if (busyUntil != null && busyUntil.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), busyUntil));
    }
    busyUntil = null;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** Keeps this delivery open until Cloud Tasks sends the same id again, or {@code hold} (wall time) ends. */
  private void awaitRetryOf(String id, Duration hold) {
    long until = System.nanoTime() + hold.toNanos();
    synchronized (receipts) {
      while (receipts.stream().filter(r -> id.equals(r.webhookId())).count() < 2) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          receipts.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
