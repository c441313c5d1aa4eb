package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.UnimplementedException;
import com.google.cloud.tasks.v2.AppEngineHttpRequest;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.GetTaskRequest;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.ListTasksRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TasksTaskApiIT extends TasksItSupport {

  private String taskName(String queueId, String id) {
    return queueName(queueId) + "/tasks/" + id;
  }

  private Task.Builder later(String path) {
    return httpTask(path).setScheduleTime(ProtoTime.timestamp(clock.instant().plus(Duration.ofHours(1))));
  }

  @Test
  void createGetListDeleteWithServerDefaults() {
    createQueue("crud");
    Instant now = clock.instant();
    Task created =
        create(
            "crud",
            later("/crud")
                .setName(taskName("crud", "job-1-start"))
                .setHttpRequest(
                    later("/crud").getHttpRequestBuilder().setBody(ByteString.copyFromUtf8("{\"a\":1}"))));

    assertThat(created.getName()).isEqualTo(taskName("crud", "job-1-start"));
    assertThat(created.getView()).isEqualTo(Task.View.BASIC);
    assertThat(created.getHttpRequest().getBody().isEmpty()).as("BASIC view hides the body").isTrue();
    assertThat(created.getHttpRequest().getHeadersMap()).containsEntry("User-Agent", "Google-Cloud-Tasks");
    assertThat(Durations.toMinutes(created.getDispatchDeadline())).isEqualTo(10);
    assertThat(instant(created.getCreateTime())).isEqualTo(now);
    assertThat(instant(created.getScheduleTime())).isEqualTo(now.plus(Duration.ofHours(1)));
    assertThat(created.getDispatchCount()).isZero();

    Task full =
        client.getTask(GetTaskRequest.newBuilder().setName(created.getName()).setResponseView(Task.View.FULL).build());
    assertThat(full.getHttpRequest().getBody().toStringUtf8()).isEqualTo("{\"a\":1}");
    assertThat(full.getHttpRequest().getHttpMethod()).isEqualTo(HttpMethod.POST);

    create("crud", later("/crud").setName(taskName("crud", "job-2-start")));
    var listed =
        StreamSupport.stream(
                client.listTasks(ListTasksRequest.newBuilder().setParent(queueName("crud")).setPageSize(1).build())
                    .iterateAll()
                    .spliterator(),
                false)
            .map(Task::getName)
            .toList();
    assertThat(listed).containsExactlyInAnyOrder(taskName("crud", "job-1-start"), taskName("crud", "job-2-start"));

    client.deleteTask(created.getName());
    assertThat(emu.pendingTaskCount()).isEqualTo(1);
    assertThatThrownBy(() -> client.deleteTask(taskName("crud", "never-was")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Requested entity was not found.");
    assertThatThrownBy(() -> client.getTask(taskName("crud", "never-was")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Requested entity was not found.");
  }

  @Test
  void unnamedTasksGetDistinctGeneratedIds() {
    createQueue("anon");
    Task a = create("anon", later("/a"));
    Task b = create("anon", later("/a"));

    assertThat(a.getName()).matches(queueName("anon").replace(".", "\\.") + "/tasks/[0-9]+");
    assertThat(b.getName()).isNotEqualTo(a.getName());
    assertThat(emu.pendingTaskCount()).isEqualTo(2);
  }

  @Test
  void namedTaskIsDeduplicatedWhilePendingAfterRunningAndAfterDeletionUntilTheTombstoneExpires() {
    createQueue("dedup");
    String name = taskName("dedup", "job-7-finalize");

    create("dedup", later("/dedup").setName(name));
    assertThatThrownBy(() -> create("dedup", later("/dedup").setName(name)))
        .as("pending")
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("Requested entity already exists");

    advance(Duration.ofHours(1));
    idle();
    assertThat(receiver.requests("/dedup")).hasSize(1);
    assertThatThrownBy(() -> create("dedup", httpTask("/dedup").setName(name)))
        .as("ran a moment ago")
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> client.getTask(name))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("The task no longer exists, though a task with this name existed recently.");

    advance(Duration.ofMinutes(59));
    assertThatThrownBy(() -> create("dedup", later("/dedup").setName(name)))
        .as("59 minutes after it ran")
        .isInstanceOf(AlreadyExistsException.class);

    advance(Duration.ofMinutes(1));
    Task again = create("dedup", later("/dedup").setName(name));
    assertThat(again.getName()).isEqualTo(name);

    client.deleteTask(name);
    assertThatThrownBy(() -> create("dedup", later("/dedup").setName(name)))
        .as("deleted a moment ago")
        .isInstanceOf(AlreadyExistsException.class);
    advance(Duration.ofHours(1));
    assertThat(create("dedup", later("/dedup").setName(name)).getName()).isEqualTo(name);
  }

  @Test
  void tombstoneWindowIsConfigurable() throws Exception {
    EmulatorClock shortClock = EmulatorClock.manual(Instant.parse("2030-06-01T00:00:00Z"));
    try (TasksEmulator shortEmu =
            TasksEmulator.builder().clock(shortClock).tombstone(Duration.ofMinutes(5)).build().start();
        CloudTasksClient shortClient = client(shortEmu)) {
      shortClient.createQueue(PARENT, Queue.newBuilder().setName(queueName("short")).build());
      Task task = later("/short").setName(taskName("short", "t")).setScheduleTime(ProtoTime.timestamp(shortClock.instant().plusSeconds(60))).build();
      shortClient.createTask(queueName("short"), task);
      shortClient.deleteTask(taskName("short", "t"));

      shortClock.advance(Duration.ofMinutes(4));
      assertThatThrownBy(() -> shortClient.createTask(queueName("short"), task)).isInstanceOf(AlreadyExistsException.class);
      shortClock.advance(Duration.ofMinutes(1));
      assertThat(shortClient.createTask(queueName("short"), task).getName()).isEqualTo(taskName("short", "t"));
    }
  }

  @Test
  void rejectsBadNamesWithProductionMessages() {
    createQueue("names");
    assertThatThrownBy(() -> create("names", later("/n").setName(taskName("names", "not a valid id"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Task ID \"not a valid id\" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), or underscores (_).");
    assertThatThrownBy(() -> create("names", later("/n").setName("tasks/t1")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Task name must be formatted");
    createQueue("other");
    assertThatThrownBy(() -> create("names", later("/n").setName(taskName("other", "t1"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(
            "The queue name from request ('" + queueName("names") + "') must be the same as the queue name in the named task ('"
                + queueName("other") + "').");
  }

  @Test
  void rejectsTasksProductionRejects() {
    createQueue("rules");
    assertThatThrownBy(
            () ->
                create(
                    "rules",
                    httpTask("/r").setScheduleTime(ProtoTime.timestamp(clock.instant().plus(Duration.ofDays(30)).plusSeconds(1)))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is too far in the future. Schedule time must be no more than 720h in the future.");
    assertThat(
            create("rules", httpTask("/r").setScheduleTime(ProtoTime.timestamp(clock.instant().plus(Duration.ofDays(30))))).getName())
        .as("exactly 30 days ahead is allowed")
        .isNotEmpty();
    assertThatThrownBy(() -> create("rules", httpTask("/r").setDispatchDeadline(Durations.fromSeconds(14))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Task.dispatchDeadline must be between [15s, 30m].");
    assertThatThrownBy(() -> create("rules", httpTask("/r").setDispatchDeadline(Durations.fromSeconds(1801))))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () ->
                create(
                    "rules",
                    httpTask("/r")
                        .setHttpRequest(
                            httpTask("/r").getHttpRequestBuilder().setBody(ByteString.copyFrom(new byte[1024 * 1024 + 1])))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Task size too large");
    assertThatThrownBy(() -> create("rules", httpTask("/r").setHttpRequest(httpTask("/r").getHttpRequestBuilder().setUrl(""))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("HttpRequest.url is required.");
    assertThatThrownBy(
            () -> create("rules", httpTask("/r").setHttpRequest(httpTask("/r").getHttpRequestBuilder().setUrl("ftp://x/y"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("HttpTarget.url must start with 'http://' or 'https://'.");
    assertThatThrownBy(
            () ->
                client.createTask(
                    CreateTaskRequest.newBuilder()
                        .setParent(queueName("rules"))
                        .setTask(Task.newBuilder().setAppEngineHttpRequest(AppEngineHttpRequest.newBuilder().setRelativeUri("/x")))
                        .build()))
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("app_engine_http_request");
  }

  @Test
  void pastScheduleTimeBecomesNow() {
    createQueue("past");
    client.pauseQueue(queueName("past"));
    Task t = create("past", httpTask("/p").setScheduleTime(ProtoTime.timestamp(clock.instant().minusSeconds(600))));
    assertThat(instant(t.getScheduleTime())).isEqualTo(clock.instant());
  }

  @Test
  void purgeDropsEveryTask() {
    createQueue("purged");
    create("purged", later("/p"));
    create("purged", later("/p"));
    Queue purged = client.purgeQueue(queueName("purged"));
    assertThat(instant(purged.getPurgeTime())).isEqualTo(clock.instant());
    assertThat(client.listTasks(queueName("purged")).iterateAll()).isEmpty();
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void tasksOlderThanTheRetentionLimitAreDropped() {
    createQueue("stale");
    client.pauseQueue(queueName("stale"));
    create("stale", httpTask("/stale"));
    advance(Duration.ofDays(31));
    await(emu::pendingTaskCount, n -> n == 0, "the 31-day-old task to be dropped");

    client.resumeQueue(queueName("stale"));
    idle();
    assertThat(receiver.requests()).isEmpty();
  }
}
