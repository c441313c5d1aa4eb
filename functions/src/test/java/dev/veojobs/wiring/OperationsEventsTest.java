package dev.veojobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.errors.ClientException;
import dev.veojobs.app.Decision;
import dev.veojobs.app.InMemoryJobStore;
import dev.veojobs.app.JobEvent;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.app.VideoModel;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import dev.veojobs.log.JsonLog;
import dev.veojobs.log.OpsEventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations events the log-based metrics count: one per committed transition, one per Veo call. */
class OperationsEventsTest {

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final Clock clock = Clock.fixed(TestJobs.T0.plus(Duration.ofMinutes(3)), ZoneOffset.UTC);
  private final OpsEventLog events = new OpsEventLog(
      new JsonLog(new PrintStream(sink, true, StandardCharsets.UTF_8), "veo-prod", clock));

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : sink.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  @Test
  void aCommittedFailureLogsJobFailedWithItsCodeAndStage() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore(clock);
    Job generating = TestJobs.job("j1").generating();
    store.put(generating);
    Job failed = TestJobs.from(generating).failed(ErrorCode.SAFETY_FILTERED, "filtered");

    new ObservedJobStore(store, events).update("j1",
        current -> Decision.write(failed, new JobEvent("job.failed", Map.of()), null));

    JsonNode line = lines().get(0);
    assertThat(line.get("event").asText()).isEqualTo("job.failed");
    assertThat(line.get("error_code").asText()).isEqualTo("SAFETY_FILTERED");
    assertThat(line.get("stage").asText()).isEqualTo("GENERATING");
  }

  @Test
  void aCompletionCarriesTheTimeFromCreationToVideo() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore(clock);
    Job finalizing = TestJobs.job("j2").finalizing();
    store.put(finalizing);
    Job completed = TestJobs.from(finalizing).completed();

    new ObservedJobStore(store, events).update("j2",
        current -> Decision.write(completed, new JobEvent("job.completed", Map.of()), null));

    JsonNode line = lines().get(0);
    assertThat(line.get("event").asText()).isEqualTo("job.completed");
    assertThat(line.get("time_to_video_seconds").asDouble())
        .isEqualTo(Duration.between(completed.createdAt(), completed.completedAt()).toMillis() / 1000.0);
  }

  @Test
  void anUncertainStartRecordedAsAJobEventIsLoggedForTheMetric() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore(clock);
    Job starting = TestJobs.job("j4").attempt(2).starting();
    store.put(starting);

    new ObservedJobStore(store, events).update("j4",
        current -> Decision.write(starting, new JobEvent("job.start_uncertain", Map.of()), null));

    JsonNode line = lines().get(0);
    assertThat(line.get("event").asText()).isEqualTo("job.start_uncertain");
    assertThat(line.get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void aChangeThatWritesNothingLogsNothing() throws Exception {
    InMemoryJobStore store = new InMemoryJobStore(clock);
    store.put(TestJobs.job("j3").generating());

    new ObservedJobStore(store, events).update("j3", current -> Decision.noChange(null));

    assertThat(lines()).isEmpty();
  }

  @Test
  void aVeo429IsLoggedAsRateLimitedAndStillThrown() throws Exception {
    VideoModel veo = new VideoModel() {
      @Override
      public String start(VideoGenerationRequest request) {
        throw new RetryableFailure("Veo refused for now (HTTP 429)", new ClientException(429, "RESOURCE_EXHAUSTED", "quota"));
      }

      @Override
      public OperationState poll(String operationName) {
        return new OperationState.Running();
      }
    };
    TimedVideoModel timed = new TimedVideoModel(veo, events, clock);

    assertThatThrownBy(() -> timed.start(new VideoGenerationRequest("veo-3.1-fast-generate-001", "a boat", null, null,
        TestJobs.request().parameters(), "gs://b/veo-output/j/1/"))).isInstanceOf(RetryableFailure.class);
    timed.poll(TestJobs.OPERATION);

    List<JsonNode> lines = lines();
    assertThat(lines.get(0).get("outcome").asText()).isEqualTo("rate_limited");
    assertThat(lines.get(0).get("http_status").asInt()).isEqualTo(429);
    assertThat(lines.get(0).get("call").asText()).isEqualTo("start");
    assertThat(lines.get(0).get("model").asText()).isEqualTo("veo-3.1-fast-generate-001");
    assertThat(lines.get(1).get("outcome").asText()).isEqualTo("ok");
    assertThat(lines.get(1).get("model").asText()).isEqualTo("m");
  }
}
