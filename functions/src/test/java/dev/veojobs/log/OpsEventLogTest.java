package dev.veojobs.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OpsEventLogTest {

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final OpsEventLog events = new OpsEventLog(new JsonLog(new PrintStream(sink, true, StandardCharsets.UTF_8),
      "veo-prod", Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC)).with("function", "job-worker"));

  @Test
  void anEventIsOneJsonLineWithItsNameAndFields() throws Exception {
    events.emit(OpsEvent.JOB_FAILED, "job_id", "j1", "error_code", "SAFETY_FILTERED", "stage", "GENERATING", "attempts", 2);

    JsonNode line = new ObjectMapper().readTree(sink.toString(StandardCharsets.UTF_8));
    assertThat(line.get("event").asText()).isEqualTo("job.failed");
    assertThat(line.get("error_code").asText()).isEqualTo("SAFETY_FILTERED");
    assertThat(line.get("attempts").asInt()).isEqualTo(2);
    assertThat(line.get("function").asText()).isEqualTo("job-worker");
    assertThat(line.get("severity").asText()).isEqualTo("INFO");
  }

  @Test
  void aFieldTheCatalogueDoesNotListIsRefused() {
    assertThatThrownBy(() -> events.emit(OpsEvent.JOB_FAILED, "code", "SAFETY_FILTERED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job.failed has no field code");
    assertThat(sink.size()).isZero();
  }

  @Test
  void aValueOutsideTheListedOnesIsRefused() {
    assertThatThrownBy(() -> events.emit(OpsEvent.VEO_CALL, "call", "start", "outcome", "429"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("veo.call.outcome is one of");
  }

  @Test
  void everyEventNameIsUnique() {
    for (OpsEvent event : OpsEvent.values()) {
      assertThat(OpsEvent.named(event.eventName())).containsExactly(event);
    }
  }
}
