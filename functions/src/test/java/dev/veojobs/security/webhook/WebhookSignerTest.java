package dev.veojobs.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // 32 bytes each, base64.
  private static final String NEW_SECRET = "whsec_q2F0LXNpbmdzLWluLXRoZS1zdW4tb24tYS1oYXQtMDE=";
  private static final String OLD_SECRET = "whsec_b2xkLXNlY3JldC1zdGlsbC12YWxpZC1mb3ItYS1kYXk=";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] BODY = WebhookPayloads.jobCompleted("job-1", NOW, "https://storage.example/v.mp4?sig=x",
      NOW.plusSeconds(3600));

  private final WebhookSigner signer = new WebhookSigner(WebhookSecret.parseList(NEW_SECRET));

  @Test
  void matchesThePublishedStandardWebhooksTestVector() {
    WebhookSigner reference = new WebhookSigner(List.of(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
    String signature = reference.signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void anIndependentReceiverAcceptsTheSignedDelivery() {
    WebhookHeaders headers = signer.sign("msg_abc", NOW, BODY);
    assertThat(headers.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(headers.asMap()).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature");
    assertThat(new StandardWebhooksReceiver(NEW_SECRET).verify(headers.id(), headers.timestamp(), headers.signature(), BODY, NOW))
        .isTrue();
  }

  @Test
  void aTamperedBodyTimestampOrIdFailsTheIndependentCheck() {
    WebhookHeaders headers = signer.sign("msg_abc", NOW, BODY);
    StandardWebhooksReceiver receiver = new StandardWebhooksReceiver(NEW_SECRET);
    byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("job-1", "job-2").getBytes(StandardCharsets.UTF_8);
    assertThat(receiver.verify(headers.id(), headers.timestamp(), headers.signature(), tampered, NOW)).isFalse();
    String laterTimestamp = Long.toString(NOW.getEpochSecond() + 1);
    assertThat(receiver.verify(headers.id(), laterTimestamp, headers.signature(), BODY, NOW)).isFalse();
    assertThat(receiver.verify("msg_abd", headers.timestamp(), headers.signature(), BODY, NOW)).isFalse();
  }

  @Test
  void aReplayOutsideTheToleranceFailsTheIndependentCheck() {
    WebhookHeaders headers = signer.sign("msg_abc", NOW, BODY);
    assertThat(new StandardWebhooksReceiver(NEW_SECRET)
        .verify(headers.id(), headers.timestamp(), headers.signature(), BODY, NOW.plusSeconds(3600))).isFalse();
  }

  @Test
  void aReceiverWithAnotherSecretRejects() {
    WebhookHeaders headers = signer.sign("msg_abc", NOW, BODY);
    assertThat(new StandardWebhooksReceiver(OLD_SECRET).verify(headers.id(), headers.timestamp(), headers.signature(), BODY, NOW))
        .isFalse();
  }

  @Test
  void rotationSignsWithEverySecretNewestFirstAndBothVerify() {
    WebhookSigner rotating = new WebhookSigner(WebhookSecret.parseList(NEW_SECRET + ", " + OLD_SECRET));
    WebhookHeaders headers = rotating.sign("msg_rot", NOW, BODY);
    String[] signatures = headers.signature().split(" ");
    assertThat(signatures).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThat(signatures[0]).isEqualTo(signer.signature("msg_rot", NOW.getEpochSecond(), BODY));
    StandardWebhooksReceiver onNew = new StandardWebhooksReceiver(NEW_SECRET);
    StandardWebhooksReceiver onOld = new StandardWebhooksReceiver(OLD_SECRET);
    assertThat(onNew.verify(headers.id(), headers.timestamp(), signatures[0], BODY, NOW)).isTrue();
    assertThat(onOld.verify(headers.id(), headers.timestamp(), signatures[1], BODY, NOW)).isTrue();
    assertThat(onNew.verify(headers.id(), headers.timestamp(), headers.signature(), BODY, NOW)).isTrue();
    assertThat(onOld.verify(headers.id(), headers.timestamp(), headers.signature(), BODY, NOW)).isTrue();
  }

  @Test
  void secretsMustBeWhsecBase64OfTwentyFourToSixtyFourBytes() {
    assertThatThrownBy(() -> WebhookSecret.parse("q2F0LXNpbmdzLWluLXRoZS1zdW4tb24tYS1oYXQtMDE=")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_!!!notbase64")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("notbase64");
    assertThat(WebhookSecret.parseList("  ")).isEmpty();
    assertThat(WebhookSecret.parseList(NEW_SECRET + "," + OLD_SECRET)).hasSize(2);
    assertThat(WebhookSecret.parse(NEW_SECRET).toString()).doesNotContain("q2F0");
  }

  @Test
  void withoutSecretsNothingIsSigned() {
    WebhookSigner off = new WebhookSigner(List.of());
    assertThat(off.enabled()).isFalse();
    assertThatThrownBy(() -> off.sign("msg_x", NOW, BODY)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void messageIdsNeverContainADotAndEventIdsAreStable() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = WebhookMessageIds.random();
      assertThat(id).startsWith("msg_").doesNotContain(".");
      ids.add(id);
    }
    assertThat(ids).hasSize(100);
    assertThat(WebhookMessageIds.forEvent("job-1", WebhookPayloads.JOB_COMPLETED))
        .isEqualTo(WebhookMessageIds.forEvent("job-1", WebhookPayloads.JOB_COMPLETED))
        .isNotEqualTo(WebhookMessageIds.forEvent("job-1", WebhookPayloads.JOB_FAILED))
        .doesNotContain(".");
    assertThatThrownBy(() -> signer.sign("msg.with.dots", NOW, BODY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadsHaveTheStandardEnvelope() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode completed = json.readTree(BODY);
    assertThat(completed.path("type").asText()).isEqualTo("job.completed");
    assertThat(completed.path("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(completed.path("data").path("job_id").asText()).isEqualTo("job-1");
    assertThat(completed.path("data").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(completed.path("data").path("video_url").asText()).startsWith("https://");

    JsonNode failed = json.readTree(WebhookPayloads.jobFailed("job-2", NOW, "SAFETY_FILTERED", "The prompt was blocked"));
    assertThat(failed.path("type").asText()).isEqualTo("job.failed");
    assertThat(failed.path("data").path("status").asText()).isEqualTo("FAILED");
    assertThat(failed.path("data").path("error").path("code").asText()).isEqualTo("SAFETY_FILTERED");
    assertThat(failed.path("data").has("video_url")).isFalse();
  }
}
