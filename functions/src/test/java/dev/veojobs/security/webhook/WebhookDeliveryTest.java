package dev.veojobs.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.veojobs.security.webhook.DeliveryResult.Outcome;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookDeliveryTest {
  private static final String SECRET = "whsec_q2F0LXNpbmdzLWluLXRoZS1zdW4tb24tYS1oYXQtMDE=";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  // The JDK's HttpClient can only be subclass-mocked (inline mocking of java.* classes is refused).
  private final HttpClient http = mock(HttpClient.class);

  @ParameterizedTest
  @CsvSource({
      "200, DELIVERED", "204, DELIVERED", "299, DELIVERED",
      "301, PERMANENT", "302, PERMANENT", "307, PERMANENT", "308, PERMANENT",
      "400, PERMANENT", "401, PERMANENT", "404, PERMANENT", "410, PERMANENT",
      "408, RETRYABLE", "429, RETRYABLE", "500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE", "504, RETRYABLE"})
  void classifiesTheReceiversStatus(int status, Outcome outcome) {
    assertThat(WebhookDelivery.classify(status, Optional.empty()).outcome()).isEqualTo(outcome);
  }

  @Test
  void keepsADelaySecondsRetryAfter() {
    assertThat(WebhookDelivery.classify(429, Optional.of("120")).retryAfter()).isEqualTo(Duration.ofSeconds(120));
    assertThat(WebhookDelivery.classify(503, Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")).retryAfter()).isNull();
  }

  @Test
  void reChecksDnsAtDeliveryAndSendsNothingWhenTheHostNowResolvesPrivately() throws Exception {
    Deque<String> answers = new ArrayDeque<>(List.of("93.184.215.14", "10.0.0.7"));
    HostResolver rebinding = host -> {
      try {
        return List.of(InetAddress.getByName(answers.pop()));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    };
    WebhookUrlPolicy policy = new WebhookUrlPolicy(rebinding, false);
    String url = "https://rebind.example.com/hook";
    assertThat(policy.rejectionReason(url)).isEmpty();

    DeliveryResult result = new WebhookDelivery(policy, signer(), CLOCK, strictClient(), Duration.ofSeconds(5))
        .deliver(url, "msg_1", "{}".getBytes());

    assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(result.detail()).contains("refused at delivery");
    verify(http, never()).send(any(HttpRequest.class), any(HttpResponse.BodyHandler.class));
  }

  @Test
  void withoutSecretsNothingIsSent() throws Exception {
    WebhookUrlPolicy policy = new WebhookUrlPolicy(new FakeDns().with("example.com", "93.184.215.14"), false);
    DeliveryResult result = new WebhookDelivery(policy, new WebhookSigner(List.of()), CLOCK, strictClient(), Duration.ofSeconds(5))
        .deliver("https://example.com/hook", "msg_1", "{}".getBytes());
    assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
    verify(http, never()).send(any(HttpRequest.class), any(HttpResponse.BodyHandler.class));
  }

  @Test
  void refusesAnHttpClientThatFollowsRedirects() {
    HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    WebhookUrlPolicy policy = WebhookUrlPolicy.strict();
    assertThatThrownBy(() -> new WebhookDelivery(policy, signer(), CLOCK, following, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WebhookDelivery.httpClient(Duration.ofSeconds(1)).followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
  }

  private HttpClient strictClient() {
    when(http.followRedirects()).thenReturn(HttpClient.Redirect.NEVER);
    return http;
  }

  private static WebhookSigner signer() {
    return new WebhookSigner(WebhookSecret.parseList(SECRET));
  }
}
