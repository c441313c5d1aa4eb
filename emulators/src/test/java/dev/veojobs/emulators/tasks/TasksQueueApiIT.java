package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.UnimplementedException;
import com.google.cloud.tasks.v2.ListQueuesRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.cloud.tasks.v2.Task;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TasksQueueApiIT extends TasksItSupport {

  @Test
  void newQueueGetsProductionDefaults() {
    Queue created = createQueue("defaults");

    assertThat(created.getName()).isEqualTo(queueName("defaults"));
    assertThat(created.getState()).isEqualTo(Queue.State.RUNNING);
    assertThat(created.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(500);
    assertThat(created.getRateLimits().getMaxConcurrentDispatches()).isEqualTo(1000);
    assertThat(created.getRateLimits().getMaxBurstSize()).isEqualTo(100);
    RetryConfig retry = created.getRetryConfig();
    assertThat(retry.getMaxAttempts()).isEqualTo(100);
    assertThat(retry.getMaxDoublings()).isEqualTo(16);
    assertThat(Durations.toMillis(retry.getMinBackoff())).isEqualTo(100);
    assertThat(Durations.toSeconds(retry.getMaxBackoff())).isEqualTo(3600);
    assertThat(Durations.toSeconds(retry.getMaxRetryDuration())).isZero();
    assertThat(client.getQueue(queueName("defaults"))).isEqualTo(created);
  }

  @Test
  void keepsTheRateLimitsAndRetryConfigGiven() {
    Queue created =
        client.createQueue(
            PARENT,
            Queue.newBuilder()
                .setName(queueName("tuned"))
                .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(5).setMaxConcurrentDispatches(2))
                .setRetryConfig(
                    RetryConfig.newBuilder()
                        .setMaxAttempts(-1)
                        .setMaxRetryDuration(Durations.fromSeconds(600))
                        .setMinBackoff(Durations.fromSeconds(1))
                        .setMaxBackoff(Durations.fromSeconds(10))
                        .setMaxDoublings(2))
                .build());

    assertThat(created.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(5);
    assertThat(created.getRateLimits().getMaxConcurrentDispatches()).isEqualTo(2);
    assertThat(created.getRetryConfig().getMaxAttempts()).isEqualTo(-1);
    assertThat(Durations.toSeconds(created.getRetryConfig().getMaxRetryDuration())).isEqualTo(600);
    assertThat(created.getRetryConfig().getMaxDoublings()).isEqualTo(2);
  }

  @Test
  void fractionalBackoffsAndRetryDurationAreTruncatedToWholeSeconds() {
    Queue created = createQueue("fractional", RetryConfig.newBuilder()
        .setMinBackoff(Durations.fromMillis(1_500))
        .setMaxBackoff(Durations.fromMillis(10_700))
        .setMaxRetryDuration(Durations.fromMillis(30_900))
        .build());
    Queue updated = client.updateQueue(created.toBuilder()
            .setRetryConfig(created.getRetryConfig().toBuilder().setMaxBackoff(Durations.fromMillis(20_999)))
            .build(),
        FieldMask.newBuilder().addPaths("retry_config.max_backoff").build());

    RetryConfig retry = client.getQueue(queueName("fractional")).getRetryConfig();
    assertThat(Durations.toMillis(created.getRetryConfig().getMinBackoff())).isEqualTo(1_000);
    assertThat(Durations.toMillis(created.getRetryConfig().getMaxBackoff())).isEqualTo(10_000);
    assertThat(Durations.toMillis(created.getRetryConfig().getMaxRetryDuration())).isEqualTo(30_000);
    assertThat(Durations.toMillis(updated.getRetryConfig().getMaxBackoff())).isEqualTo(20_000);
    assertThat(Durations.toMillis(retry.getMinBackoff())).isEqualTo(1_000);
    assertThat(Durations.toMillis(retry.getMaxBackoff())).isEqualTo(20_000);

    receiver.replies("/fails-once", 500);
    Task task = create("fractional", httpTask("/fails-once"));
    idle();
    assertThat(instant(client.getTask(task.getName()).getScheduleTime()))
        .as("the retry waits the truncated 1 s, not 1.5 s").isEqualTo(clock.instant().plusSeconds(1));
  }

  @Test
  void listsQueuesInNameOrderWithPagingAndStateFilter() {
    createQueue("b-queue");
    createQueue("a-queue");
    createQueue("c-queue");
    client.pauseQueue(queueName("c-queue"));

    var all = StreamSupport.stream(client.listQueues(PARENT).iterateAll().spliterator(), false).map(Queue::getName).toList();
    assertThat(all).containsExactly(queueName("a-queue"), queueName("b-queue"), queueName("c-queue"));

    var firstPage =
        client.listQueues(ListQueuesRequest.newBuilder().setParent(PARENT).setPageSize(2).build()).getPage();
    assertThat(firstPage.getValues()).hasSize(2);
    assertThat(firstPage.hasNextPage()).isTrue();
    assertThat(firstPage.getNextPage().getValues()).extracting(Queue::getName).containsExactly(queueName("c-queue"));

    var paused =
        client.listQueues(ListQueuesRequest.newBuilder().setParent(PARENT).setFilter("state: PAUSED").build());
    assertThat(paused.iterateAll()).extracting(Queue::getName).containsExactly(queueName("c-queue"));
  }

  @Test
  void pausesAndResumes() {
    createQueue("pausable");
    assertThat(client.pauseQueue(queueName("pausable")).getState()).isEqualTo(Queue.State.PAUSED);
    assertThat(client.getQueue(queueName("pausable")).getState()).isEqualTo(Queue.State.PAUSED);
    assertThat(client.resumeQueue(queueName("pausable")).getState()).isEqualTo(Queue.State.RUNNING);
  }

  @Test
  void updateQueueAppliesTheMaskAndCreatesMissingQueues() {
    createQueue("updatable", retry(5, Duration.ofSeconds(1), Duration.ofSeconds(10), 2));

    Queue updated =
        client.updateQueue(
            Queue.newBuilder()
                .setName(queueName("updatable"))
                .setRetryConfig(RetryConfig.newBuilder().setMaxAttempts(9))
                .setRateLimits(RateLimits.newBuilder().setMaxConcurrentDispatches(3))
                .build(),
            FieldMask.newBuilder().addPaths("retry_config.max_attempts").build());
    assertThat(updated.getRetryConfig().getMaxAttempts()).isEqualTo(9);
    assertThat(Durations.toSeconds(updated.getRetryConfig().getMaxBackoff())).as("outside the mask").isEqualTo(10);
    assertThat(updated.getRateLimits().getMaxConcurrentDispatches()).as("outside the mask").isEqualTo(1000);

    Queue upserted =
        client.updateQueue(
            Queue.newBuilder()
                .setName(queueName("upserted"))
                .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(2))
                .build(),
            FieldMask.getDefaultInstance());
    assertThat(upserted.getState()).isEqualTo(Queue.State.RUNNING);
    assertThat(upserted.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(2);
    assertThat(client.getQueue(queueName("upserted")).getRateLimits().getMaxBurstSize()).isEqualTo(2);
  }

  @Test
  void deleteRemovesTheQueueAndBlocksItsNameForSevenDays() {
    createQueue("doomed");
    client.deleteQueue(queueName("doomed"));

    assertThatThrownBy(() -> client.getQueue(queueName("doomed")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Queue does not exist.");
    assertThatThrownBy(() -> createQueue("doomed"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("a queue with this name existed too recently");

    advance(Duration.ofDays(7));
    assertThat(createQueue("doomed").getState()).isEqualTo(Queue.State.RUNNING);
  }

  @Test
  void missingQueuesAreNotFoundWithProductionMessages() {
    String missing = queueName("missing");
    assertThatThrownBy(() -> client.getQueue(missing))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(
            "Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.");
    assertThatThrownBy(() -> client.pauseQueue(missing)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.resumeQueue(missing)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.purgeQueue(missing)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.deleteQueue(missing))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Requested entity was not found.");
    assertThatThrownBy(() -> client.createTask(missing, httpTask("/x").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Queue does not exist.");
  }

  @Test
  void duplicateQueueIsAlreadyExists() {
    createQueue("twice");
    assertThatThrownBy(() -> createQueue("twice"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("Queue already exists");
  }

  @Test
  void rejectsMalformedNamesAndOutOfRangeSettings() {
    assertThatThrownBy(() -> client.createQueue(PARENT, Queue.newBuilder().setName(PARENT + "/queues/bad_id").build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Queue name must be formatted");
    assertThatThrownBy(
            () ->
                client.createQueue(
                    PARENT, Queue.newBuilder().setName("projects/other/locations/x/queues/q").build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must begin with " + PARENT);
    assertThatThrownBy(
            () ->
                client.createQueue(
                    PARENT,
                    Queue.newBuilder()
                        .setName(queueName("too-fast"))
                        .setRateLimits(RateLimits.newBuilder().setMaxDispatchesPerSecond(501))
                        .build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("RateLimits.maxDispatchesPerSecond must be less than or equal to 500.");
    assertThatThrownBy(() -> createQueue("neg-attempts", RetryConfig.newBuilder().setMaxAttempts(-2).build()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("RetryConfig.maxAttempts must be greater or equal to -1.");
    assertThatThrownBy(
            () -> createQueue("inverted", retry(3, Duration.ofSeconds(20), Duration.ofSeconds(10), 2)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("RetryConfig.minBackoff must be less than or equal to RetryConfig.maxBackoff.");
    assertThatThrownBy(() -> client.getQueue("queues/nope"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Queue name must be formatted");
  }

  @Test
  void methodsOutsideTheEmulatorAreUnimplementedAndNamed() {
    createQueue("iam");
    String queue = queueName("iam");
    assertThatThrownBy(() -> client.getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(queue).build()))
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("GetIamPolicy");
    assertThatThrownBy(() -> client.setIamPolicy(SetIamPolicyRequest.newBuilder().setResource(queue).build()))
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("SetIamPolicy");
    assertThatThrownBy(
            () -> client.testIamPermissions(TestIamPermissionsRequest.newBuilder().setResource(queue).build()))
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("TestIamPermissions");
    assertThatThrownBy(() -> client.runTask(queue + "/tasks/t1"))
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("RunTask");
    assertThatThrownBy(
            () -> client.listQueues(ListQueuesRequest.newBuilder().setParent(PARENT).setFilter("name: x").build()).iterateAll().iterator().next())
        .isInstanceOf(UnimplementedException.class)
        .hasMessageContaining("ListQueues");
  }
}
