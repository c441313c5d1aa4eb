package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.Task;
import com.google.cloud.tasks.v2.stub.CloudTasksStub;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.app.TaskTarget;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.wire.TaskPayloadJson;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloudTasksQueueTest {
  /** What the fake Cloud Tasks answers to the next createTask calls, in order; null = success. */
  private final Deque<Status.Code> answers = new ArrayDeque<>();
  private final CloudTasksClient client = CloudTasksClient.create(new AnsweringStub());
  private final CloudTasksQueue queue = new CloudTasksQueue(client, "p", "us-central1", "jobs", "starts",
      "https://worker.example/", "https://finalizer.example/", "invoker@p.iam.gserviceaccount.com");

  @Test
  void buildsANamedJsonPostWithAnOidcTokenForTheTarget() {
    Task task = queue.toTask(new TaskRequest("j1-finalize", TaskTarget.FINALIZER,
        new TaskPayload("j1", TaskPayload.Step.FINALIZE, 1, 0), Instant.parse("2026-01-01T00:00:15.5Z")));
    assertThat(task.getName()).isEqualTo("projects/p/locations/us-central1/queues/jobs/tasks/j1-finalize");
    assertThat(task.getHttpRequest().getUrl()).isEqualTo("https://finalizer.example/");
    assertThat(task.getHttpRequest().getHttpMethod()).isEqualTo(HttpMethod.POST);
    assertThat(task.getHttpRequest().getHeadersMap()).containsEntry("Content-Type", "application/json");
    assertThat(task.getHttpRequest().getOidcToken().getServiceAccountEmail()).isEqualTo("invoker@p.iam.gserviceaccount.com");
    assertThat(task.getHttpRequest().getOidcToken().getAudience()).isEqualTo("https://finalizer.example/");
    assertThat(TaskPayloadJson.fromJson(task.getHttpRequest().getBody().toByteArray()).jobId()).isEqualTo("j1");
    assertThat(task.getScheduleTime().getSeconds()).isEqualTo(Instant.parse("2026-01-01T00:00:15Z").getEpochSecond());
    assertThat(task.getScheduleTime().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void webhookTasksPostToTheFinalizersWebhooksRouteWithTheFinalizersOwnUrlAsAudience() {
    Task task = queue.toTask(new TaskRequest("j1-webhook-completed", TaskTarget.WEBHOOKS,
        new TaskPayload("j1", TaskPayload.Step.WEBHOOK_COMPLETED, 0, 0), null));
    assertThat(task.getHttpRequest().getUrl()).isEqualTo("https://finalizer.example/webhooks");
    assertThat(task.getHttpRequest().getOidcToken().getAudience()).isEqualTo("https://finalizer.example/");
    assertThat(TaskPayloadJson.fromJson(task.getHttpRequest().getBody().toByteArray()).step())
        .isEqualTo(TaskPayload.Step.WEBHOOK_COMPLETED);
  }

  @Test
  void everyTaskCarriesTheConfiguredDispatchDeadline() {
    CloudTasksQueue withDeadline = new CloudTasksQueue(client, "p", "us-central1", "jobs", "starts",
        "https://worker.example/", "https://finalizer.example/", "invoker@p.iam.gserviceaccount.com",
        java.time.Duration.ofMinutes(6));
    Task task = withDeadline.toTask(new TaskRequest("j1-finalize", TaskTarget.FINALIZER,
        new TaskPayload("j1", TaskPayload.Step.FINALIZE, 1, 0), null));
    assertThat(task.getDispatchDeadline().getSeconds()).isEqualTo(360);
  }

  /** Issue 10: starts wait for the Veo quota on their own queue; polls and finalizes never queue behind them. */
  @Test
  void startsGoToTheStartQueueAndEveryOtherStepToTheStepsQueue() {
    Task start = queue.toTask(new TaskRequest("j1-start-r7", TaskTarget.WORKER,
        new TaskPayload("j1", TaskPayload.Step.START, 1, 0), null));
    Task poll = queue.toTask(new TaskRequest("j1-poll-2", TaskTarget.WORKER,
        new TaskPayload("j1", TaskPayload.Step.POLL, 1, 2), null));
    Task webhook = queue.toTask(new TaskRequest("j1-webhook-failed", TaskTarget.WEBHOOKS,
        new TaskPayload("j1", TaskPayload.Step.WEBHOOK_FAILED, 0, 0), null));
    assertThat(start.getName()).isEqualTo("projects/p/locations/us-central1/queues/starts/tasks/j1-start-r7");
    assertThat(poll.getName()).isEqualTo("projects/p/locations/us-central1/queues/jobs/tasks/j1-poll-2");
    assertThat(webhook.getName()).isEqualTo("projects/p/locations/us-central1/queues/jobs/tasks/j1-webhook-failed");
  }

  @Test
  void withoutNotBeforeTheTaskRunsNow() {
    Task task = queue.toTask(new TaskRequest("j1-start", TaskTarget.WORKER,
        new TaskPayload("j1", TaskPayload.Step.START, 1, 0), null));
    assertThat(task.hasScheduleTime()).isFalse();
    assertThat(task.getHttpRequest().getUrl()).isEqualTo("https://worker.example/");
  }

  @Test
  void alreadyExistsIsFalseAndOutagesAreRetryable() {
    TaskRequest request = new TaskRequest("j1-start", TaskTarget.WORKER, new TaskPayload("j1", TaskPayload.Step.START, 1, 0), null);
    answers.add(Status.Code.ALREADY_EXISTS);
    answers.add(Status.Code.UNAVAILABLE);
    answers.add(Status.Code.INVALID_ARGUMENT);
    answers.add(Status.Code.OK);
    assertThat(queue.enqueue(request)).isFalse();
    assertThatThrownBy(() -> queue.enqueue(request)).isInstanceOf(RetryableFailure.class);
    assertThatThrownBy(() -> queue.enqueue(request)).isInstanceOf(IllegalStateException.class);
    assertThat(queue.enqueue(request)).isTrue();
  }

  private final class AnsweringStub extends CloudTasksStub {
    @Override
    public UnaryCallable<CreateTaskRequest, Task> createTaskCallable() {
      return new UnaryCallable<>() {
        @Override
        public ApiFuture<Task> futureCall(CreateTaskRequest request, ApiCallContext context) {
          Status.Code code = answers.remove();
          if (code == Status.Code.OK) {
            return ApiFutures.immediateFuture(request.getTask());
          }
          return ApiFutures.immediateFailedFuture(
              ApiExceptionFactory.createException(null, GrpcStatusCode.of(code), code == Status.Code.UNAVAILABLE));
        }
      };
    }

    @Override
    public void close() {}

    @Override
    public void shutdown() {}

    @Override
    public boolean isShutdown() {
      return true;
    }

    @Override
    public boolean isTerminated() {
      return true;
    }

    @Override
    public void shutdownNow() {}

    @Override
    public boolean awaitTermination(long duration, TimeUnit unit) {
      return true;
    }
  }
}
