package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.app.JobNotFoundException;
import dev.veojobs.app.PollGeneration;
import dev.veojobs.app.StartGeneration;
import dev.veojobs.app.StepResult;
import dev.veojobs.app.SweepJobs;
import dev.veojobs.app.SweepReport;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobWorkerFunctionTest {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  final StartGeneration start = mock(StartGeneration.class);
  final PollGeneration poll = mock(PollGeneration.class);
  final SweepJobs sweep = mock(SweepJobs.class);
  final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  final JsonLog log = new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), "veo-test", Clock.systemUTC());
  static final String OWN_URL = "https://job-worker.example.run.app";

  /** Requests carry a valid token unless a test sends one itself. */
  FakeHttpResponse call(FakeHttpRequest request) throws Exception {
    if (request.getFirstHeader("Authorization").isEmpty()) {
      request.bearer(TaskTokens.forAudience(OWN_URL));
    }
    return callAsIs(request);
  }

  FakeHttpResponse callAsIs(FakeHttpRequest request) throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();
    new JobWorkerFunction(start, poll, sweep, TaskTokens.verifier(OWN_URL), log).service(request, response);
    SecurityHeaders.ALL.forEach((name, value) -> assertThat(response.headerValues(name)).containsExactly(value));
    assertThat(response.body()).doesNotContain("Exception", "dev.veojobs");
    return response;
  }

  static FakeHttpRequest task(String json) {
    return FakeHttpRequest.post("/").json(json)
        .header("X-CloudTasks-TaskName", "j-1-start")
        .header("X-CloudTasks-TaskRetryCount", "0")
        .header("X-Cloud-Trace-Context", TRACE + "/1;o=1");
  }

  List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  @Test
  void startStepRunsStartGeneration() throws Exception {
    when(start.handle("j-1", 1)).thenReturn(StepResult.done("veo started"));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("outcome").asText()).isEqualTo("DONE");
    assertThat(response.json().get("detail").asText()).isEqualTo("veo started");
    verifyNoInteractions(poll);
  }

  @Test
  void pollStepRunsPollGenerationAndAStaleDeliveryIs2xx() throws Exception {
    when(poll.handle("j-1", 1, 3)).thenReturn(StepResult.ignored(StepResult.Reason.STALE_POLL, "stale poll 3"));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"poll\",\"attempt\":1,\"poll\":3}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("outcome").asText()).isEqualTo("IGNORED");
    assertThat(response.json().get("reason").asText()).isEqualTo("STALE_POLL");
    verifyNoInteractions(start);
  }

  @Test
  void aRetryIs503WithTheStepsDelayRoundedUp() throws Exception {
    when(poll.handle(anyString(), anyInt(), anyInt())).thenThrow(new RetryableFailure("veo quota", Duration.ofMillis(12_200)));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"poll\",\"attempt\":1,\"poll\":1}"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("13");
    assertThat(response.json().at("/error/code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void aRetryWithoutDelayWaitsTenSeconds() throws Exception {
    when(start.handle(anyString(), anyInt())).thenThrow(new RetryableFailure("Firestore ABORTED"));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.header("Retry-After")).contains("10");
  }

  @Test
  void aSweepThatCannotListStalledJobsIs503SoTheSchedulerRetries() throws Exception {
    when(sweep.sweep()).thenThrow(new RetryableFailure("Firestore UNAVAILABLE"));

    FakeHttpResponse response = call(FakeHttpRequest.post("/sweep"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("10");
    assertThat(response.json().at("/error/message").asText()).doesNotContain("Firestore");
  }

  @Test
  void aTaskForAMissingJobStopsRetrying() throws Exception {
    when(start.handle(anyString(), anyInt())).thenThrow(new JobNotFoundException("j-0"));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-0\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("outcome").asText()).isEqualTo("IGNORED");
    assertThat(response.json().get("reason").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void aBugIs500WithoutDetails() throws Exception {
    when(start.handle(anyString(), anyInt())).thenThrow(new NullPointerException("operationName in dev.veojobs.app.StartGeneration"));

    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.json().at("/error/message").asText()).isEqualTo("Internal error");
  }

  @Test
  void malformedPayloadsAre400AndNeverRun() throws Exception {
    List<String> bodies = List.of(
        "{\"step\":\"start\",\"attempt\":1,\"poll\":0}",
        "{\"job_id\":\"\",\"step\":\"start\",\"attempt\":1,\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"begin\",\"attempt\":1,\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"START\",\"attempt\":1,\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":-1,\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":\"1\",\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1.5,\"poll\":0}",
        "{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1}",
        "{\"job_id\":\"j-1\",\"job_id\":\"j-2\",\"step\":\"start\",\"attempt\":1,\"poll\":0}",
        "not json");
    for (String body : bodies) {
      FakeHttpResponse response = call(task(body));

      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.json().at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
      assertThat(response.json().at("/error/details/0/field").asText()).as(body).isNotBlank();
    }
    verifyNoInteractions(start, poll);
  }

  @Test
  void unknownFieldsFromANewerSenderAreIgnored() throws Exception {
    when(start.handle("j-1", 2)).thenReturn(StepResult.done("ok"));

    FakeHttpResponse response = call(task(
        "{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":2,\"poll\":0,\"priority\":\"high\"}"));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void aFinalizeStepBelongsToTheFinalizer() throws Exception {
    FakeHttpResponse response = call(task("{\"job_id\":\"j-1\",\"step\":\"finalize\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("step");
    verifyNoInteractions(start, poll);
  }

  @Test
  void bodiesMustBeJsonAndSmall() throws Exception {
    FakeHttpResponse text = call(FakeHttpRequest.post("/").body("job".getBytes(StandardCharsets.UTF_8), "text/plain"));
    FakeHttpResponse big = call(FakeHttpRequest.post("/").json("{\"job_id\":\"" + "x".repeat(70_000) + "\"}"));

    assertThat(text.status()).isEqualTo(415);
    assertThat(big.status()).isEqualTo(413);
  }

  @Test
  void alsoAnswersOnTasksWorkerPath() throws Exception {
    when(start.handle(anyString(), anyInt())).thenReturn(StepResult.done("ok"));

    FakeHttpResponse response = call(FakeHttpRequest.post("/tasks/worker")
        .json("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void sweepRunsTheSweeper() throws Exception {
    when(sweep.sweep()).thenReturn(new SweepReport(7, 1, 1, 1, 0, 0, 0, 4, 0, 0));

    FakeHttpResponse response = call(FakeHttpRequest.post("/sweep"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("examined").asInt()).isEqualTo(7);
    assertThat(response.json().get("failed_deadline").asInt()).isEqualTo(1);
    assertThat(response.json().get("restarted_polls").asInt()).isEqualTo(1);
    verify(sweep).sweep();
  }

  @Test
  void aSweepLogsItsCountsAndOneRedrivenLinePerJobForTheMetrics() throws Exception {
    when(sweep.sweep()).thenReturn(new SweepReport(7, 1, 2, 1, 0, 0, 0, 3, 0, 2));

    call(FakeHttpRequest.post("/sweep"));

    String lines = logs.toString(StandardCharsets.UTF_8);
    assertThat(lines).contains("\"event\":\"sweep.done\"").contains("\"redriven\":3")
        .contains("\"unreadable\":2");
    assertThat(lines.lines().filter(l -> l.contains("\"event\":\"sweep.redriven\""))).hasSize(3);
    assertThat(lines.lines().filter(l -> l.contains("\"stage\":\"QUEUED_OR_STARTING\""))).hasSize(2);
  }

  @Test
  void otherRoutesAndMethodsAreRefused() throws Exception {
    FakeHttpResponse get = call(FakeHttpRequest.get("/"));
    FakeHttpResponse unknown = call(FakeHttpRequest.post("/v1/jobs").json("{}"));
    FakeHttpResponse getSweep = call(FakeHttpRequest.get("/sweep"));

    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).contains("POST");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(getSweep.status()).isEqualTo(405);
    verifyNoInteractions(start, poll, sweep);
  }

  @Test
  void theOidcCheckGuardsEveryRouteBeforeAnythingElse() throws Exception {
    // Forged Cloud Tasks headers are no credential; a token for another service is not either.
    FakeHttpResponse step = callAsIs(task("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));
    FakeHttpResponse sweepCall = callAsIs(FakeHttpRequest.post("/sweep")
        .bearer(TaskTokens.forAudience("https://job-finalizer.example.run.app")));
    FakeHttpResponse unknownRoute = callAsIs(FakeHttpRequest.get("/anything"));

    assertThat(step.status()).isEqualTo(401);
    assertThat(step.header("WWW-Authenticate")).contains("Bearer");
    assertThat(step.body()).doesNotContain("aud", "iss", "Authorization header");
    assertThat(sweepCall.status()).isEqualTo(401);
    assertThat(unknownRoute.status()).isEqualTo(401);
    verifyNoInteractions(start, poll, sweep);
  }

  @Test
  void logsCarryTraceJobAndTask() throws Exception {
    when(start.handle(anyString(), anyInt())).thenReturn(StepResult.done("veo started"));

    call(task("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    List<JsonNode> lines = logLines();
    assertThat(lines).hasSize(2);
    for (JsonNode line : lines) {
      assertThat(line.get("logging.googleapis.com/trace").asText()).isEqualTo("projects/veo-test/traces/" + TRACE);
      assertThat(line.get("job_id").asText()).isEqualTo("j-1");
      assertThat(line.get("step").asText()).isEqualTo("START");
      assertThat(line.get("task_name").asText()).isEqualTo("j-1-start");
    }
    assertThat(lines.get(0).get("message").asText()).isEqualTo("step done");
    assertThat(lines.get(1).get("message").asText()).isEqualTo("POST / 200");
  }
}
