package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.veojobs.app.DeliverWebhook;
import dev.veojobs.app.FinalizeJob;
import dev.veojobs.app.StepResult;
import dev.veojobs.job.WebhookEvent;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.log.JsonLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobFinalizerFunctionTest {
  static final String FINALIZE = "{\"job_id\":\"j-1\",\"step\":\"finalize\",\"attempt\":1,\"poll\":4}";

  static final String OWN_URL = "https://job-finalizer.example.run.app/";

  final FinalizeJob finalizeJob = mock(FinalizeJob.class);
  final DeliverWebhook deliverWebhook = mock(DeliverWebhook.class);
  final JsonLog log = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), "veo-test", Clock.systemUTC());

  FakeHttpResponse call(FakeHttpRequest request) throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();
    if (request.getFirstHeader("Authorization").isEmpty()) {
      request.bearer(TaskTokens.forAudience(OWN_URL));
    }
    new JobFinalizerFunction(finalizeJob, deliverWebhook, TaskTokens.verifier(OWN_URL), log).service(request, response);
    SecurityHeaders.ALL.forEach((name, value) -> assertThat(response.headerValues(name)).containsExactly(value));
    return response;
  }

  @Test
  void finalizesTheJob() throws Exception {
    when(finalizeJob.handle("j-1")).thenReturn(StepResult.done("video stored"));

    FakeHttpResponse response = call(FakeHttpRequest.post("/").json(FINALIZE));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("outcome").asText()).isEqualTo("DONE");
  }

  @Test
  void aRetryIs503WithRetryAfter() throws Exception {
    when(finalizeJob.handle(anyString())).thenThrow(new RetryableFailure("storage busy", Duration.ofSeconds(20)));

    FakeHttpResponse response = call(FakeHttpRequest.post("/tasks/finalizer").json(FINALIZE));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("20");
  }

  @Test
  void workerStepsAreRefused() throws Exception {
    FakeHttpResponse response = call(FakeHttpRequest.post("/")
        .json("{\"job_id\":\"j-1\",\"step\":\"start\",\"attempt\":1,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().at("/error/details/0/field").asText()).isEqualTo("step");
    verifyNoInteractions(finalizeJob);
  }

  @Test
  void theSweepRouteIsTheWorkersNotTheFinalizers() throws Exception {
    assertThat(call(FakeHttpRequest.post("/sweep")).status()).isEqualTo(404);
    assertThat(call(FakeHttpRequest.of("PUT", "/")).status()).isEqualTo(405);
    verifyNoInteractions(finalizeJob);
  }

  @Test
  void refusesAWorkerTokenAndForgedTaskHeaders() throws Exception {
    FakeHttpResponse workerToken = call(FakeHttpRequest.post("/").json(FINALIZE)
        .bearer(TaskTokens.forAudience("https://job-worker.example.run.app")));
    FakeHttpResponse forgedHeaders = call(FakeHttpRequest.post("/").json(FINALIZE)
        .header("Authorization", "Bearer not-a-jwt")
        .header("X-CloudTasks-QueueName", "veo-jobs").header("X-CloudTasks-TaskName", "j-1-finalize"));

    assertThat(workerToken.status()).isEqualTo(401);
    assertThat(forgedHeaders.status()).isEqualTo(401);
    verifyNoInteractions(finalizeJob);
  }

  @Test
  void webhookTasksGoToTheWebhooksRouteOnly() throws Exception {
    String webhook = "{\"job_id\":\"j-1\",\"step\":\"webhook_failed\",\"attempt\":0,\"poll\":0}";
    when(deliverWebhook.handle("j-1", WebhookEvent.FAILED))
        .thenThrow(new RetryableFailure("receiver answered 503", Duration.ofSeconds(30)));

    FakeHttpResponse retried = call(FakeHttpRequest.post("/webhooks").json(webhook));
    FakeHttpResponse finalizeOnWebhooks = call(FakeHttpRequest.post("/webhooks").json(FINALIZE));
    FakeHttpResponse webhookOnRoot = call(FakeHttpRequest.post("/").json(webhook));

    assertThat(retried.status()).isEqualTo(503);
    assertThat(retried.header("Retry-After")).contains("30");
    assertThat(finalizeOnWebhooks.status()).isEqualTo(400);
    assertThat(webhookOnRoot.status()).isEqualTo(400);
    verifyNoInteractions(finalizeJob);
  }

  @Test
  void aCompletedJobsWebhookTaskDeliversTheCompletedEvent() throws Exception {
    when(deliverWebhook.handle("j-1", WebhookEvent.COMPLETED)).thenReturn(StepResult.done("job.completed delivered (200)"));

    FakeHttpResponse response = call(FakeHttpRequest.post("/webhooks")
        .json("{\"job_id\":\"j-1\",\"step\":\"webhook_completed\",\"attempt\":0,\"poll\":0}"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("outcome").asText()).isEqualTo("DONE");
  }
}
