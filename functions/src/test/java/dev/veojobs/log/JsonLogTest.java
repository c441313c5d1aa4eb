package dev.veojobs.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogTest {
  static final String TRACE = "105445aa7843bc8bf206b12000100000";
  static final String SIGNED_URL = "https://storage.googleapis.com/veo-videos/videos/u1/j1.mp4"
      + "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=signer%40p.iam.gserviceaccount.com"
      + "&X-Goog-Date=20260101T000000Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host"
      + "&X-Goog-Signature=5a3f9c0deadbeef";
  static final String JWT = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VyX2lkIjoiYWxpY2UifQ.";

  final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  final JsonLog log = new JsonLog(new PrintStream(sink, true, StandardCharsets.UTF_8), "veo-prod",
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : sink.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  @Test
  void writesOneCloudLoggingObjectPerLineWithTheRequestTrace() throws Exception {
    JsonLog request = log.forRequest(Map.of("x-cloud-trace-context", List.of(TRACE + "/1;o=1")))
        .with("job_id", "j-42");

    request.info("step done", "status", 200, "latency_ms", 12);
    request.warning("second\nline");

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("severity").asText()).isEqualTo("INFO");
    assertThat(first.get("message").asText()).isEqualTo("step done");
    assertThat(first.get("time").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(first.get("logging.googleapis.com/trace").asText())
        .isEqualTo("projects/veo-prod/traces/" + TRACE);
    assertThat(first.get("job_id").asText()).isEqualTo("j-42");
    assertThat(first.get("status").asInt()).isEqualTo(200);
    assertThat(lines.get(1).get("severity").asText()).isEqualTo("WARNING");
    assertThat(lines.get(1).get("message").asText()).isEqualTo("second\nline");
    assertThat(lines.get(1).get("job_id").asText()).isEqualTo("j-42");
  }

  @Test
  void fallsBackToTraceparentAndIgnoresForgedTraceIds() throws Exception {
    log.forRequest(Map.of("traceparent", List.of("00-" + TRACE + "-00f067aa0ba902b7-01"))).info("w3c");
    log.forRequest(Map.of("X-Cloud-Trace-Context", List.of("\"},{\"severity\":\"CRITICAL/1"))).info("forged");
    log.info("no request");

    List<JsonNode> lines = lines();
    assertThat(lines.get(0).get("logging.googleapis.com/trace").asText()).endsWith("/traces/" + TRACE);
    assertThat(lines.get(1).has("logging.googleapis.com/trace")).isFalse();
    assertThat(lines.get(1).get("severity").asText()).isEqualTo("INFO");
    assertThat(lines.get(2).has("logging.googleapis.com/trace")).isFalse();
  }

  @Test
  void fieldsCannotOverrideTheEnvelope() throws Exception {
    log.info("real", "severity", "DEBUG", "message", "fake");

    JsonNode line = lines().get(0);
    assertThat(line.get("severity").asText()).isEqualTo("INFO");
    assertThat(line.get("message").asText()).isEqualTo("real");
  }

  @Test
  void neverLogsCredentials() throws Exception {
    log.with("authorization", "Bearer " + JWT).error(
        "signing failed for " + SIGNED_URL,
        new IllegalStateException("401 from https://x.example/?key=AIzaSyA1234567890abcdefghijklmnopqrstuv"
            + " with header Authorization: Bearer ya29.a0AfH6SMBx"),
        "headers", Map.of("Authorization", List.of("Bearer " + JWT), "Idempotency-Key", List.of("k-1")),
        "video_url", SIGNED_URL,
        "id_token", JWT,
        "private_key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n",
        "note", "token inside text: " + JWT);

    String raw = sink.toString(StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain("5a3f9c0deadbeef", "eyJ", "ya29", "AIzaSy", "MIIEvQ", "X-Goog-Credential");
    JsonNode line = lines().get(0);
    assertThat(line.get("message").asText())
        .isEqualTo("signing failed for https://storage.googleapis.com/veo-videos/videos/u1/j1.mp4?[REDACTED]");
    assertThat(line.get("authorization").asText()).isEqualTo("[REDACTED]");
    assertThat(line.get("headers").get("Authorization").asText()).isEqualTo("[REDACTED]");
    assertThat(line.get("headers").get("Idempotency-Key").get(0).asText()).isEqualTo("k-1");
    assertThat(line.get("video_url").asText()).endsWith("j1.mp4?[REDACTED]");
    assertThat(line.get("id_token").asText()).isEqualTo("[REDACTED]");
    assertThat(line.get("private_key").asText()).isEqualTo("[REDACTED]");
    assertThat(line.get("note").asText()).isEqualTo("token inside text: [REDACTED jwt]");
    assertThat(line.get("stack_trace").asText())
        .contains("IllegalStateException", "Bearer [REDACTED]", "[REDACTED api key]");
  }

  @Test
  void redactsSignaturesOutsideFullUrls() {
    assertThat(Redactor.text("query was X-Goog-Signature=abcdef0123&X-Goog-Date=1"))
        .isEqualTo("query was X-Goog-Signature=[REDACTED]&X-Goog-Date=1");
    assertThat(Redactor.text("gs://veo-videos/videos/u1/j1.mp4")).isEqualTo("gs://veo-videos/videos/u1/j1.mp4");
    assertThat(Redactor.text("https://example.com/a?b=c")).isEqualTo("https://example.com/a?b=c");
  }

  @Test
  void namesThatHoldSecretsAreRecognised() {
    assertThat(List.of("Authorization", "x-goog-signature", "webhook_secret", "api_key", "signingKey", "key",
        "refresh_token", "Cookie", "password"))
        .allMatch(Redactor::isSecretName);
    assertThat(List.of("job_id", "Idempotency-Key", "status", "owner_uid", "path"))
        .noneMatch(Redactor::isSecretName);
  }
}
