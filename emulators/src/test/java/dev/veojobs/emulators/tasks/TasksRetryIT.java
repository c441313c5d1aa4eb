package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.tasks.v2.RetryConfig;
import com.google.cloud.tasks.v2.Task;
import com.google.protobuf.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TasksRetryIT extends TasksItSupport {

  @Test
  void backoffDoublesThenGrowsLinearlyThenCapsAndStopsAtMaxAttempts() {
    // min 1s, max 10s, 2 doublings: 1, 2, 4 (doubled twice), then +4 linearly: 8, then capped: 10, 10.
    createQueue("backoff", retry(7, Duration.ofSeconds(1), Duration.ofSeconds(10), 2));
    for (int i = 0; i < 7; i++) {
      receiver.replies("/always-500", 500);
    }
    Task task = create("backoff", httpTask("/always-500"));
    idle();
    assertThat(receiver.requests()).hasSize(1);

    long[] expected = {1, 2, 4, 8, 10, 10};
    for (int i = 0; i < expected.length; i++) {
      Instant failedAt = clock.instant();
      Duration backoff = Duration.ofSeconds(expected[i]);
      assertThat(instant(client.getTask(task.getName()).getScheduleTime()))
          .as("retry %d scheduled after %s", i + 1, backoff)
          .isEqualTo(failedAt.plus(backoff));

      advance(backoff.minusMillis(1));
      idle();
      assertThat(receiver.requests()).as("not before its schedule time").hasSize(i + 1);
      advance(Duration.ofMillis(1));
      idle();
      assertThat(receiver.requests()).hasSize(i + 2);
    }

    assertThat(receiver.requests())
        .extracting(r -> r.header("X-CloudTasks-TaskRetryCount"))
        .containsExactly("0", "1", "2", "3", "4", "5", "6");
    List<DispatchRecord> log = emu.dispatches();
    for (int i = 1; i < log.size(); i++) {
      assertThat(Duration.between(log.get(i - 1).dispatchedAt(), log.get(i).dispatchedAt()))
          .isEqualTo(Duration.ofSeconds(expected[i - 1]));
    }
    assertThat(emu.pendingTaskCount()).as("7 attempts used, no time limit").isZero();
    assertThatThrownBy(() -> client.getTask(task.getName()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("existed recently");
    advance(Duration.ofHours(1));
    idle();
    assertThat(receiver.requests()).hasSize(7);
  }

  @Test
  void keepsRetryingUntilMaxRetryDurationHasAlsoPassed() {
    RetryConfig config =
        retry(2, Duration.ofSeconds(10), Duration.ofSeconds(10), 0).toBuilder()
            .setMaxRetryDuration(Durations.fromSeconds(30))
            .build();
    createQueue("duration", config);
    for (int i = 0; i < 10; i++) {
      receiver.replies("/flaky", 500);
    }
    create("duration", httpTask("/flaky"));
    idle();
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofSeconds(10));
      idle();
    }
    // Attempts at 0, 10, 20 and 30 s: 2 attempts are used by 10 s, but 30 s only pass at the 4th.
    assertThat(receiver.requests()).hasSize(4);
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void retryAfterOnThrottlingStatusesStretchesTheBackoff() {
    createQueue("throttled", retry(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 4));
    receiver
        .reply("/busy", 503, Map.of("Retry-After", "120"))
        .reply("/busy", 429, Map.of("Retry-After", "0"))
        .reply("/busy", 500, Map.of("Retry-After", "300"))
        .reply("/busy", 200, Map.of());
    Task task = create("throttled", httpTask("/busy"));
    idle();

    Instant t1 = clock.instant();
    assertThat(instant(client.getTask(task.getName()).getScheduleTime()))
        .as("503 Retry-After: 120 beats the 1 s backoff and even max_backoff")
        .isEqualTo(t1.plusSeconds(120));
    advance(Duration.ofSeconds(120));
    idle();

    Instant t2 = clock.instant();
    assertThat(instant(client.getTask(task.getName()).getScheduleTime()))
        .as("429 Retry-After: 0 is smaller than the 2 s backoff")
        .isEqualTo(t2.plusSeconds(2));
    advance(Duration.ofSeconds(2));
    idle();

    Instant t3 = clock.instant();
    assertThat(instant(client.getTask(task.getName()).getScheduleTime()))
        .as("Retry-After on a 500 is ignored")
        .isEqualTo(t3.plusSeconds(4));
    advance(Duration.ofSeconds(4));
    idle();
    assertThat(receiver.requests()).hasSize(4);
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void attemptThatOutlivesItsDispatchDeadlineFailsAndIsRetried() {
    createQueue("deadline", retry(5, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    receiver.hold();
    Task task = create("deadline", httpTask("/slow").setDispatchDeadline(Durations.fromSeconds(15)));
    awaitRequests(1);

    advance(Duration.ofSeconds(14));
    assertThat(emu.pendingTasks()).singleElement().extracting(TaskSnapshot::dispatching).isEqualTo(true);

    advance(Duration.ofSeconds(1));
    idle();
    Task afterTimeout = client.getTask(task.getName());
    assertThat(afterTimeout.getDispatchCount()).isEqualTo(1);
    assertThat(afterTimeout.getResponseCount()).isZero();
    assertThat(afterTimeout.getLastAttempt().getResponseStatus().getCode())
        .isEqualTo(com.google.rpc.Code.DEADLINE_EXCEEDED_VALUE);
    assertThat(emu.dispatches()).singleElement().extracting(DispatchRecord::outcome)
        .isEqualTo(DispatchRecord.Outcome.DEADLINE_EXCEEDED);

    receiver.open();
    advance(Duration.ofSeconds(1));
    idle();
    assertThat(receiver.requests()).extracting(r -> r.header("X-CloudTasks-TaskRetryCount")).containsExactly("0", "1");
    assertThat(emu.dispatches()).last().extracting(DispatchRecord::outcome).isEqualTo(DispatchRecord.Outcome.SUCCEEDED);
    assertThat(emu.pendingTaskCount()).isZero();
  }
}
