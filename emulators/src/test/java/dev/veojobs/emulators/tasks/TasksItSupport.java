package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.HttpMethod;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.util.Durations;
import dev.veojobs.emulators.clock.EmulatorClock;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One emulator, manual clock, official client and receiver per IT class; state is reset before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TasksItSupport {
  static final String PROJECT = "demo-project";
  static final String LOCATION = "us-central1";
  static final String PARENT = "projects/" + PROJECT + "/locations/" + LOCATION;
  static final Duration IDLE = Duration.ofSeconds(10);

  EmulatorClock clock;
  TasksEmulator emu;
  CloudTasksClient client;
  Receiver receiver;

  @BeforeAll
  void startEmulator() throws IOException {
    clock = EmulatorClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
    emu = TasksEmulator.builder().clock(clock).port(0).adminPort(0).build();
    emu.start();
    client = client(emu);
    receiver = Receiver.start();
  }

  @AfterAll
  void stopEmulator() throws Exception {
    client.close();
    receiver.close();
    emu.close();
  }

  @BeforeEach
  void cleanState() {
    emu.reset();
    receiver.reset();
  }

  /** The snippet docs/tasks.md documents for pointing the official client at the emulator. */
  static CloudTasksClient client(TasksEmulator emu) throws IOException {
    CloudTasksSettings settings =
        CloudTasksSettings.newBuilder()
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(emu.endpoint())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build())
            .build();
    return CloudTasksClient.create(settings);
  }

  static String queueName(String id) {
    return PARENT + "/queues/" + id;
  }

  Queue createQueue(String id) {
    return client.createQueue(PARENT, Queue.newBuilder().setName(queueName(id)).build());
  }

  Queue createQueue(String id, RetryConfig retry) {
    return client.createQueue(PARENT, Queue.newBuilder().setName(queueName(id)).setRetryConfig(retry).build());
  }

  static RetryConfig retry(int maxAttempts, Duration min, Duration max, int doublings) {
    return RetryConfig.newBuilder()
        .setMaxAttempts(maxAttempts)
        .setMinBackoff(Durations.fromNanos(min.toNanos()))
        .setMaxBackoff(Durations.fromNanos(max.toNanos()))
        .setMaxDoublings(doublings)
        .build();
  }

  Task.Builder httpTask(String path) {
    return Task.newBuilder()
        .setHttpRequest(HttpRequest.newBuilder().setUrl(receiver.url(path)).setHttpMethod(HttpMethod.POST));
  }

  Task create(String queueId, Task.Builder task) {
    return client.createTask(queueName(queueId), task.build());
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  void idle() {
    emu.awaitIdle(IDLE);
  }

  /** Bounded poll for an asynchronous effect. */
  static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
    long deadline = System.nanoTime() + IDLE.toNanos();
    T v = value.get();
    while (!done.test(v)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last value: " + v);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      v = value.get();
    }
    return v;
  }

  List<Receiver.Received> awaitRequests(int count) {
    return await(receiver::requests, r -> r.size() >= count, count + " request(s) at the receiver");
  }

  static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  void assertNoMoreRequestsThan(int count) {
    assertThat(receiver.requests()).hasSize(count);
  }
}
