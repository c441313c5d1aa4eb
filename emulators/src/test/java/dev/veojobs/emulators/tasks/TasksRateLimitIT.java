package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tasks.v2.Queue;
import com.google.cloud.tasks.v2.RateLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TasksRateLimitIT extends TasksItSupport {

  private void createLimitedQueue(String id, double perSecond, int concurrent) {
    client.createQueue(
        PARENT,
        Queue.newBuilder()
            .setName(queueName(id))
            .setRateLimits(
                RateLimits.newBuilder().setMaxDispatchesPerSecond(perSecond).setMaxConcurrentDispatches(concurrent))
            .build());
  }

  @Test
  void neverMoreInFlightThanMaxConcurrentDispatches() {
    createLimitedQueue("narrow", 500, 2);
    receiver.hold();
    for (int i = 0; i < 6; i++) {
      create("narrow", httpTask("/narrow"));
    }
    awaitRequests(2);
    assertThat(emu.pendingTasks()).filteredOn(TaskSnapshot::dispatching).hasSize(2);
    assertThat(receiver.requests()).as("the other four wait for a free slot").hasSize(2);

    receiver.release(1);
    awaitRequests(3);
    receiver.open();
    idle();

    assertThat(receiver.requests()).hasSize(6);
    assertThat(receiver.maxConcurrent()).isEqualTo(2);
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void dispatchRateFollowsTheTokenBucketOnTheEmulatorClock() {
    createLimitedQueue("slow", 1, 100);
    for (int i = 0; i < 3; i++) {
      create("slow", httpTask("/slow"));
    }
    idle();
    assertThat(receiver.requests()).as("burst of 1 at 1/s").hasSize(1);

    advance(Duration.ofMillis(999));
    idle();
    assertThat(receiver.requests()).hasSize(1);
    advance(Duration.ofMillis(1));
    idle();
    assertThat(receiver.requests()).hasSize(2);
    advance(Duration.ofSeconds(1));
    idle();
    assertThat(receiver.requests()).hasSize(3);

    var log = emu.dispatches();
    assertThat(Duration.between(log.get(0).dispatchedAt(), log.get(1).dispatchedAt())).as(log.toString()).isEqualTo(Duration.ofSeconds(1));
    assertThat(Duration.between(log.get(1).dispatchedAt(), log.get(2).dispatchedAt())).as(log.toString()).isEqualTo(Duration.ofSeconds(1));
  }
}
