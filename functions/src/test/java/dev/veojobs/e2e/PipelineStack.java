package dev.veojobs.e2e;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.ListTasksRequest;
import com.google.cloud.tasks.v2.Task;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.tasks.DispatchRecord;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The local stack as the pipeline test drives it: real functions under the invoker, the
 * production poll schedule and a minute of Veo generation, with time skipped on the shared
 * {@link EmulatorClock} (system mode, advanced) instead of waited for. Also the official Firestore
 * and Cloud Tasks clients, to look at what the functions stored and enqueued.
 */
final class PipelineStack implements AutoCloseable {
  static final Duration VEO_LATENCY = Duration.ofSeconds(60);
  /** One task goes out per step at most (queue.json: 0.8/s, burst 1), so steps of 2 s keep the queue moving. */
  static final Duration STEP = Duration.ofSeconds(2);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration RATE_TOKEN = Duration.ofMillis(1250);

  private final LocalStack stack;
  private final Firestore firestore;
  private final CloudTasksClient tasksClient;

  PipelineStack() {
    stack = LocalStack.start(LocalStackOptions.builder()
        .configDirectory(Path.of("..", "emulator-config"))
        .webDirectory(Path.of("..", "web"))
        .freePorts()
        .clock(EmulatorClock.system())
        .externalEmulators(ExternalEmulators.none())
        .veoLatency(VEO_LATENCY)
        // Production's schedule, not the demo's short one from local-stack.json: time is skipped anyway.
        .functionSetting("POLL_FIRST_DELAY", "PT15S")
        .functionSetting("POLL_INTERVAL", "PT10S")
        .functionSetting("POLL_MAX_INTERVAL", "PT30S")
        // Webhooks are sent only when they can be signed; the tests' receivers do not check the signature.
        .functionSetting("WEBHOOK_SECRETS", "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "pipeline-it-webhook-secret-32byt".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .build());
    firestore = FirestoreOptions.newBuilder()
        .setProjectId(stack.projectId())
        .setEmulatorHost(stack.firestoreHost())
        .build()
        .getService();
    try {
      tasksClient = CloudTasksClient.create(CloudTasksSettings.newBuilder()
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
              .setEndpoint(stack.tasks().endpoint())
              .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
              .build())
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LocalStack stack() {
    return stack;
  }

  ContractCheckedApi api(String uid) {
    return new ContractCheckedApi(stack, uid);
  }

  /**
   * Lets every task that is due now run to the end. The queue hands out one dispatch per 1.25 s
   * (0.8/s, burst 1) and the emulator counts a due task waiting for that token as idle, so skip
   * the clock a token's worth at a time while one waits.
   */
  void settle() {
    for (int round = 0; round < 100; round++) {
      stack.tasks().awaitIdle(IDLE_TIMEOUT);
      Instant now = stack.clock().instant();
      boolean due = stack.tasks().pendingTasks().stream()
          .anyMatch(task -> !task.dispatching() && !task.scheduleTime().isAfter(now));
      if (!due) {
        return;
      }
      stack.clock().advance(RATE_TOKEN);
    }
    throw new AssertionError("tasks kept being due after 100 rate-limit tokens: " + stack.tasks().pendingTasks());
  }

  /**
   * Settles, then skips time in {@link #STEP}s until {@code done} holds; fails when that takes more
   * than {@code maxSkip} of clock time.
   */
  Duration driveUntil(BooleanSupplier done, Duration maxSkip, String what) {
    Duration skipped = Duration.ZERO;
    settle();
    while (!done.getAsBoolean()) {
      if (skipped.compareTo(maxSkip) >= 0) {
        throw new AssertionError("still not " + what + " after skipping " + skipped.toSeconds() + " s");
      }
      skip(STEP);
      skipped = skipped.plus(STEP);
    }
    return skipped;
  }

  /** Moves the shared clock on and lets what became due run. */
  void skip(Duration duration) {
    stack.clock().advance(duration);
    settle();
  }

  /** Runs every task still queued (late polls of canceled jobs, retries) to the end. */
  void drain() {
    stack.tasks().faults().clear();
    driveUntil(() -> stack.tasks().pendingTaskCount() == 0, Duration.ofMinutes(15), "drained");
  }

  List<DispatchRecord> dispatchesSince(int index) {
    List<DispatchRecord> all = stack.tasks().dispatches();
    return new ArrayList<>(all.subList(Math.min(index, all.size()), all.size()));
  }

  int dispatchCount() {
    return stack.tasks().dispatches().size();
  }

  /** The queued tasks with their bodies, through the official client. */
  List<Task> queuedTasks() {
    List<Task> tasks = new ArrayList<>();
    tasksClient.listTasks(ListTasksRequest.newBuilder()
            .setParent(stack.queueName())
            .setResponseView(Task.View.FULL)
            .build())
        .iterateAll()
        .forEach(tasks::add);
    return tasks;
  }

  Map<String, Object> document(String path) {
    return stack.firestore().document(stack.projectId(), path).orElse(null);
  }

  /** {@code jobs/{id}/events}, oldest first, through the official client. */
  List<QueryDocumentSnapshot> events(String jobId) {
    try {
      return firestore.collection("jobs").document(jobId).collection("events")
          .orderBy("seq").get().get().getDocuments();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    tasksClient.close();
    try {
      firestore.close();
    } catch (Exception e) {
      // Closing a client of an emulator that is going away anyway.
    }
    stack.close();
  }
}
