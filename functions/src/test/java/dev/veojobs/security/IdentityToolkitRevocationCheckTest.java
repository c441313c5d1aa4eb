package dev.veojobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class IdentityToolkitRevocationCheckTest {
  private static final Instant AUTH_TIME = Instant.parse("2026-03-01T11:50:00Z");

  // The JDK's HttpClient can only be subclass-mocked (inline mocking of java.* classes is refused).
  private final HttpClient http = mock(HttpClient.class);
  private final IdentityToolkitRevocationCheck check = new IdentityToolkitRevocationCheck(
      URI.create("http://127.0.0.1:9099/identitytoolkit.googleapis.com/"), "veo-jobs-test", () -> "access-token-1",
      http, Duration.ofSeconds(2));

  @SuppressWarnings("unchecked")
  private ArgumentCaptor<HttpRequest> answer(int status, String body) throws Exception {
    HttpResponse<byte[]> response = mock(HttpResponse.class);
    when(response.statusCode()).thenReturn(status);
    when(response.body()).thenReturn(body.getBytes(StandardCharsets.UTF_8));
    ArgumentCaptor<HttpRequest> request = ArgumentCaptor.forClass(HttpRequest.class);
    when(http.send(request.capture(), any(HttpResponse.BodyHandler.class))).thenReturn(response);
    return request;
  }

  private static String user(String fields) {
    return "{\"kind\":\"identitytoolkit#GetAccountInfoResponse\",\"users\":[{\"localId\":\"alice\"" + fields + "}]}";
  }

  @Test
  void asksAccountsLookupForTheUidWithTheAccessToken() throws Exception {
    ArgumentCaptor<HttpRequest> request = answer(200, user(",\"validSince\":\"1000\""));
    check.isRevoked("alice", AUTH_TIME);
    HttpRequest sent = request.getValue();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.uri()).isEqualTo(URI.create(
        "http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/projects/veo-jobs-test/accounts:lookup"));
    assertThat(sent.headers().firstValue("Authorization")).contains("Bearer access-token-1");
    JsonNode body = new ObjectMapper().readTree(bodyOf(sent));
    assertThat(body.path("localId").get(0).asText()).isEqualTo("alice");
  }

  @Test
  void aTokenFromBeforeValidSinceIsRevoked() throws Exception {
    answer(200, user(",\"validSince\":\"" + (AUTH_TIME.getEpochSecond() + 1) + "\""));
    assertThat(check.isRevoked("alice", AUTH_TIME)).isTrue();
  }

  @Test
  void aTokenFromTheSameSecondAsValidSinceOrLaterIsNot() throws Exception {
    answer(200, user(",\"validSince\":\"" + AUTH_TIME.getEpochSecond() + "\""));
    assertThat(check.isRevoked("alice", AUTH_TIME)).isFalse();
  }

  @Test
  void aUserWithoutValidSinceIsNotRevoked() throws Exception {
    answer(200, user(""));
    assertThat(check.isRevoked("alice", AUTH_TIME)).isFalse();
  }

  @Test
  void aDisabledUserIsRefused() throws Exception {
    answer(200, user(",\"validSince\":\"1\",\"disabled\":true"));
    assertThat(check.isRevoked("alice", AUTH_TIME)).isTrue();
  }

  @Test
  void aDeletedUserIsRefused() throws Exception {
    answer(200, "{\"kind\":\"identitytoolkit#GetAccountInfoResponse\"}");
    assertThat(check.isRevoked("alice", AUTH_TIME)).isTrue();
  }

  @Test
  void anErrorFromTheServiceIsAnOutageNotAnAnswer() throws Exception {
    answer(503, "{\"error\":{\"code\":503}}");
    assertThatThrownBy(() -> check.isRevoked("alice", AUTH_TIME)).isInstanceOf(AuthServiceUnavailableException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anUnreachableServiceIsAnOutage() throws Exception {
    when(http.send(any(HttpRequest.class), any(HttpResponse.BodyHandler.class))).thenThrow(new ConnectException("refused"));
    assertThatThrownBy(() -> check.isRevoked("alice", AUTH_TIME)).isInstanceOf(AuthServiceUnavailableException.class);
  }

  private static String bodyOf(HttpRequest request) {
    List<ByteBuffer> chunks = new ArrayList<>();
    request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        chunks.add(item);
      }

      @Override
      public void onError(Throwable throwable) {
        throw new IllegalStateException(throwable);
      }

      @Override
      public void onComplete() {}
    });
    StringBuilder out = new StringBuilder();
    chunks.forEach(chunk -> out.append(StandardCharsets.UTF_8.decode(chunk)));
    return out.toString();
  }
}
