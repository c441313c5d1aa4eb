package dev.veojobs.emulators.stack;

import com.google.cloud.tasks.v2.CloudTasksGrpc;
import com.google.cloud.tasks.v2.CreateQueueRequest;
import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.protobuf.util.Durations;
import dev.veojobs.emulators.stack.config.QueueFile;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Creates the queue of {@code queue.json} in the Cloud Tasks emulator over the wire, with the same
 * CreateQueue request Terraform's queue resource amounts to, so the local retry and rate behaviour
 * is production's.
 */
final class TasksQueueSetup {
  private TasksQueueSetup() {}

  /** Returns the queue's full name, {@code projects/P/locations/L/queues/Q}. */
  static String createQueue(String endpoint, String projectId, String location, QueueFile settings) {
    String parent = "projects/" + projectId + "/locations/" + location;
    Queue queue = Queue.newBuilder()
        .setName(parent + "/queues/" + settings.name())
        .setRateLimits(RateLimits.newBuilder()
            .setMaxDispatchesPerSecond(settings.maxDispatchesPerSecond())
            .setMaxConcurrentDispatches(settings.maxConcurrentDispatches()))
        .setRetryConfig(RetryConfig.newBuilder()
            .setMaxAttempts(settings.maxAttempts())
            .setMinBackoff(proto(settings.minBackoff()))
            .setMaxBackoff(proto(settings.maxBackoff()))
            .setMaxDoublings(settings.maxDoublings())
            .setMaxRetryDuration(proto(settings.maxRetryDuration())))
        .build();
    ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
    try {
      return CloudTasksGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createQueue(CreateQueueRequest.newBuilder().setParent(parent).setQueue(queue).build())
          .getName();
    } finally {
      channel.shutdownNow();
    }
  }

  private static com.google.protobuf.Duration proto(Duration duration) {
    return Durations.fromMillis(duration.toMillis());
  }
}
