package dev.veojobs.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.veojobs.security.webhook.DeliveryResult.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real deliveries to a loopback receiver (allowed only with the WEBHOOK_ALLOW_LOOPBACK policy). */
class WebhookDeliveryIT {
  private static final String SECRET = "whsec_q2F0LXNpbmdzLWluLXRoZS1zdW4tb24tYS1oYXQtMDE=";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private record Received(String path, Map<String, String> headers, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseSlowReceiver = new CountDownLatch(1);
  private HttpServer server;
  private String base;

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::receive);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopReceiver() {
    releaseSlowReceiver.countDown();
    server.stop(0);
  }

  private void receive(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
    String path = exchange.getRequestURI().getPath();
    received.add(new Received(path, headers, exchange.getRequestBody().readAllBytes()));
    switch (path) {
      case "/redirect" -> {
        exchange.getResponseHeaders().set("Location", base + "/target");
        exchange.sendResponseHeaders(302, -1);
      }
      case "/busy" -> {
        exchange.getResponseHeaders().set("Retry-After", "7");
        exchange.sendResponseHeaders(503, -1);
      }
      case "/gone" -> exchange.sendResponseHeaders(410, -1);
      case "/slow" -> {
        try {
          releaseSlowReceiver.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
      }
      default -> exchange.sendResponseHeaders(204, -1);
    }
    exchange.close();
  }

  private WebhookDelivery delivery(boolean allowLoopback, Duration timeout) {
    return new WebhookDelivery(new WebhookUrlPolicy(HostResolver.system(), allowLoopback),
        new WebhookSigner(WebhookSecret.parseList(SECRET)), Clock.fixed(NOW, ZoneOffset.UTC), timeout);
  }

  @Test
  void aDeliveredWebhookVerifiesIndependentlyAndATamperedOneDoesNot() {
    byte[] body = WebhookPayloads.jobFailed("job-9", NOW, "SAFETY_FILTERED", "The prompt was blocked");

    DeliveryResult result = delivery(true, Duration.ofSeconds(5)).deliver(base + "/hook", "msg_job9", body);

    assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(received).hasSize(1);
    Received hook = received.get(0);
    assertThat(hook.body()).isEqualTo(body);
    assertThat(hook.headers()).containsEntry("content-type", "application/json").containsEntry("webhook-id", "msg_job9");
    StandardWebhooksReceiver receiver = new StandardWebhooksReceiver(SECRET);
    assertThat(receiver.verify(hook.headers().get("webhook-id"), hook.headers().get("webhook-timestamp"),
        hook.headers().get("webhook-signature"), hook.body(), NOW)).isTrue();
    byte[] tampered = new String(hook.body()).replace("SAFETY_FILTERED", "COMPLETED").getBytes();
    assertThat(receiver.verify(hook.headers().get("webhook-id"), hook.headers().get("webhook-timestamp"),
        hook.headers().get("webhook-signature"), tampered, NOW)).isFalse();
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() {
    DeliveryResult result = delivery(true, Duration.ofSeconds(5)).deliver(base + "/redirect", "msg_r", "{}".getBytes());

    assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(result.status()).isEqualTo(302);
    assertThat(received).extracting(Received::path).containsExactly("/redirect");
  }

  @Test
  void withoutTheLoopbackAllowanceTheReceiverIsNeverContacted() {
    DeliveryResult result = delivery(false, Duration.ofSeconds(5)).deliver(base + "/hook", "msg_s", "{}".getBytes());

    assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(received).isEmpty();
  }

  @Test
  void serverErrorsAndTimeoutsAreRetryableAndGoneIsPermanent() {
    DeliveryResult busy = delivery(true, Duration.ofSeconds(5)).deliver(base + "/busy", "msg_b", "{}".getBytes());
    assertThat(busy.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));

    DeliveryResult gone = delivery(true, Duration.ofSeconds(5)).deliver(base + "/gone", "msg_g", "{}".getBytes());
    assertThat(gone.outcome()).isEqualTo(Outcome.PERMANENT);

    DeliveryResult slow = delivery(true, Duration.ofMillis(300)).deliver(base + "/slow", "msg_t", "{}".getBytes());
    assertThat(slow.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(slow.detail()).contains("timed out");
  }

  @Test
  void aRefusedConnectionIsRetryable() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    DeliveryResult result = delivery(true, Duration.ofSeconds(2))
        .deliver("http://127.0.0.1:" + closedPort + "/hook", "msg_c", "{}".getBytes());
    assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
  }
}
