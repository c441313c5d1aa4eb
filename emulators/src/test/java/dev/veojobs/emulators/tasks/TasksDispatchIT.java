package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasksDispatchIT extends TasksItSupport {

  @Test
  void deliversMethodBodyOwnHeadersAndCloudTasksHeaders() {
    createQueue("deliveries");
    Instant eta = clock.instant();
    create(
        "deliveries",
        Task.newBuilder()
            .setName(queueName("deliveries") + "/tasks/job-1-start")
            .setHttpRequest(
                HttpRequest.newBuilder()
                    .setUrl(receiver.url("/worker/start?job=1"))
                    .setHttpMethod(HttpMethod.PUT)
                    .putHeaders("Content-Type", "application/json")
                    .putHeaders("X-Trace", "abc")
                    .putHeaders("User-Agent", "mine")
                    .putHeaders("X-CloudTasks-TaskName", "spoofed")
                    .setBody(ByteString.copyFromUtf8("{\"job\":1}"))));
    idle();

    Receiver.Received r = receiver.requests().getFirst();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo("/worker/start");
    assertThat(r.query()).isEqualTo("job=1");
    assertThat(new String(r.body())).isEqualTo("{\"job\":1}");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("X-Trace")).isEqualTo("abc");
    assertThat(r.header("User-Agent")).isEqualTo("Google-Cloud-Tasks");
    assertThat(r.header("X-CloudTasks-QueueName")).isEqualTo("deliveries");
    assertThat(r.header("X-CloudTasks-TaskName")).isEqualTo("job-1-start");
    assertThat(r.header("X-CloudTasks-TaskRetryCount")).isEqualTo("0");
    assertThat(r.header("X-CloudTasks-TaskExecutionCount")).isEqualTo("0");
    assertThat(new BigDecimal(r.header("X-CloudTasks-TaskETA")).longValue()).isEqualTo(eta.getEpochSecond());
    assertThat(r.header("X-CloudTasks-TaskPreviousResponse")).isNull();
    assertThat(r.header("Authorization")).isNull();
    assertThat(emu.pendingTaskCount()).as("2xx completes the task").isZero();
    assertThat(emu.dispatches())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.outcome()).isEqualTo(DispatchRecord.Outcome.SUCCEEDED);
              assertThat(d.responseStatus()).isEqualTo(200);
              assertThat(d.taskId()).isEqualTo("job-1-start");
              assertThat(d.attempt()).isEqualTo(1);
            });
  }

  @Test
  void bodyWithoutContentTypeGoesAsOctetStream() {
    createQueue("octets");
    create(
        "octets",
        httpTask("/octets").setHttpRequest(httpTask("/octets").getHttpRequestBuilder().setBody(ByteString.copyFromUtf8("raw"))));
    idle();
    assertThat(receiver.requests().getFirst().header("Content-Type")).isEqualTo("application/octet-stream");
  }

  @Test
  void countsRetriesAndExecutionsLikeProduction() {
    // Recorded from production: a 503 does not count as an execution, a 404 does.
    createQueue("counts", retry(10, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    receiver.replies("/counts", 503, 404, 200);
    create("counts", httpTask("/counts"));
    idle();
    advance(Duration.ofSeconds(1));
    idle();
    advance(Duration.ofSeconds(1));
    idle();

    List<Receiver.Received> r = receiver.requests("/counts");
    assertThat(r).extracting(x -> x.header("X-CloudTasks-TaskRetryCount")).containsExactly("0", "1", "2");
    assertThat(r).extracting(x -> x.header("X-CloudTasks-TaskExecutionCount")).containsExactly("0", "0", "1");
    assertThat(r).extracting(x -> x.header("X-CloudTasks-TaskPreviousResponse")).containsExactly(null, "503", "404");
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void scheduleTimeIsHonouredToTheMillisecond() {
    createQueue("later");
    Instant at = clock.instant().plus(Duration.ofMinutes(10));
    Task t = create("later", httpTask("/later").setScheduleTime(ProtoTime.timestamp(at)));
    idle();
    assertThat(receiver.requests()).isEmpty();

    advance(Duration.ofMinutes(10).minusMillis(1));
    idle();
    assertThat(receiver.requests()).as("one millisecond early").isEmpty();
    assertThat(client.getTask(t.getName()).getDispatchCount()).isZero();

    advance(Duration.ofMillis(1));
    idle();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(new BigDecimal(receiver.requests().getFirst().header("X-CloudTasks-TaskETA")))
        .isEqualByComparingTo(new BigDecimal(at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1000)));
    assertThat(emu.dispatches().getFirst().dispatchedAt()).isEqualTo(at);
  }

  @Test
  void pausedQueueHoldsTasksUntilResumed() {
    createQueue("paused");
    client.pauseQueue(queueName("paused"));
    create("paused", httpTask("/paused"));
    idle();
    assertThat(receiver.requests()).isEmpty();
    assertThat(emu.pendingTaskCount()).isEqualTo(1);

    client.resumeQueue(queueName("paused"));
    idle();
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void taskShowsItsAttemptsWhileRetrying() {
    createQueue("attempts", retry(5, Duration.ofSeconds(30), Duration.ofSeconds(30), 0));
    receiver.replies("/attempts", 404);
    Instant first = clock.instant();
    Task created = create("attempts", httpTask("/attempts"));
    idle();

    Task t = client.getTask(created.getName());
    assertThat(t.getDispatchCount()).isEqualTo(1);
    assertThat(t.getResponseCount()).isEqualTo(1);
    assertThat(instant(t.getFirstAttempt().getDispatchTime())).isEqualTo(first);
    assertThat(t.getLastAttempt().getResponseStatus().getCode()).isEqualTo(com.google.rpc.Code.NOT_FOUND_VALUE);
    assertThat(instant(t.getScheduleTime())).isEqualTo(first.plusSeconds(30));
  }

  @Test
  void unreachableTargetIsRetried() {
    createQueue("nowhere", retry(2, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    create(
        "nowhere",
        Task.newBuilder().setHttpRequest(HttpRequest.newBuilder().setUrl("http://127.0.0.1:1/closed-port")));
    idle();
    advance(Duration.ofSeconds(1));
    idle();
    assertThat(emu.dispatches())
        .extracting(DispatchRecord::outcome)
        .containsExactly(DispatchRecord.Outcome.UNREACHABLE, DispatchRecord.Outcome.UNREACHABLE);
    assertThat(emu.pendingTaskCount()).as("max attempts reached").isZero();
  }

  @Test
  void systemClockModeDeliversWhenTheClockSkipsAhead() throws Exception {
    EmulatorClock wall = EmulatorClock.system();
    try (TasksEmulator wallEmu = TasksEmulator.builder().clock(wall).build().start();
        CloudTasksClient wallClient = client(wallEmu)) {
      wallClient.createQueue(PARENT, Queue.newBuilder().setName(queueName("wall")).build());
      wallClient.createTask(
          queueName("wall"),
          httpTask("/wall").setScheduleTime(ProtoTime.timestamp(wall.instant().plus(Duration.ofHours(1)))).build());
      wallEmu.awaitIdle(IDLE);
      assertThat(receiver.requests()).isEmpty();

      wall.advance(Duration.ofHours(1));
      wallEmu.awaitIdle(IDLE);
      assertThat(receiver.requests("/wall")).hasSize(1);
    }
  }
}
