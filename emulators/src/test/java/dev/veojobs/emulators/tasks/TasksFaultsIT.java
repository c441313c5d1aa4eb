package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tasks.v2.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasksFaultsIT extends TasksItSupport {

  @Test
  void deliverTwiceConcurrentlyPutsBothCopiesInFlightAtOnce() {
    createQueue("dup");
    emu.faults().deliverTwice(true);
    receiver.hold();
    create("dup", httpTask("/dup").setName(queueName("dup") + "/tasks/job-1-start"));

    awaitRequests(2);
    assertThat(receiver.inHandler()).isEqualTo(2);
    receiver.open();
    idle();

    List<Receiver.Received> r = receiver.requests();
    assertThat(r).extracting(x -> x.header("X-CloudTasks-TaskName")).containsExactly("job-1-start", "job-1-start");
    assertThat(r).extracting(x -> x.header("X-CloudTasks-TaskRetryCount")).containsExactly("0", "0");
    assertThat(emu.dispatches()).extracting(DispatchRecord::duplicate).containsExactlyInAnyOrder(false, true);
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void deliverTwiceSequentiallySendsTheCopyAfterTheFirstResponse() {
    createQueue("dup");
    emu.faults().deliverTwice(false);
    receiver.hold();
    create("dup", httpTask("/dup"));

    awaitRequests(1);
    assertThat(receiver.requests()).as("the copy waits for the first response").hasSize(1);
    receiver.release(1);
    awaitRequests(2);
    receiver.open();
    idle();
    assertThat(receiver.maxConcurrent()).isEqualTo(1);
    assertThat(emu.dispatches()).extracting(DispatchRecord::duplicate).containsExactly(true, false);
  }

  @Test
  void delayedDeliveryArrivesLateButKeepsItsEta() {
    createQueue("late");
    emu.faults().delayDelivery(Duration.ofSeconds(30));
    Instant due = clock.instant();
    create("late", httpTask("/late"));
    idle();
    advance(Duration.ofSeconds(29));
    idle();
    assertThat(receiver.requests()).isEmpty();

    advance(Duration.ofSeconds(1));
    idle();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(Long.parseLong(receiver.requests().getFirst().header("X-CloudTasks-TaskETA").split("\\.")[0]))
        .isEqualTo(due.getEpochSecond());
    assertThat(emu.dispatches().getFirst().dispatchedAt()).isEqualTo(due.plusSeconds(30));
  }

  @Test
  void droppedResponseRunsTheHandlerAndRetriesAnyway() {
    createQueue("lost", retry(5, Duration.ofSeconds(2), Duration.ofSeconds(2), 0));
    emu.faults().dropResponseAfterHandler(true);
    Task task = create("lost", httpTask("/lost"));
    idle();

    assertThat(receiver.requests()).as("the handler ran").hasSize(1);
    Task afterLoss = client.getTask(task.getName());
    assertThat(afterLoss.getDispatchCount()).isEqualTo(1);
    assertThat(afterLoss.getResponseCount()).as("the response never arrived").isZero();
    assertThat(emu.dispatches().getFirst().outcome()).isEqualTo(DispatchRecord.Outcome.RESPONSE_DROPPED);
    assertThat(emu.dispatches().getFirst().responseStatus()).isEqualTo(200);

    emu.faults().clear();
    advance(Duration.ofSeconds(2));
    idle();
    assertThat(receiver.requests()).extracting(r -> r.header("X-CloudTasks-TaskRetryCount")).containsExactly("0", "1");
    assertThat(receiver.requests().getLast().header("X-CloudTasks-TaskExecutionCount")).isEqualTo("0");
    assertThat(emu.pendingTaskCount()).isZero();
  }

  @Test
  void faultsCanBeLimitedToUrlsContainingASubstring() {
    createQueue("scoped");
    emu.faults().deliverTwice(false).onlyForUrlsContaining("/flaky");
    create("scoped", httpTask("/flaky/step"));
    create("scoped", httpTask("/steady/step"));
    idle();
    assertThat(receiver.requests("/flaky/step")).hasSize(2);
    assertThat(receiver.requests("/steady/step")).hasSize(1);
  }

  @Test
  void resetClearsFaults() {
    emu.faults().deliverTwice(true).dropResponseAfterHandler(true);
    emu.reset();
    assertThat(emu.faults().settings().duplicate()).isEqualTo(TaskFaults.Duplicate.NONE);
    assertThat(emu.faults().settings().dropResponse()).isFalse();
  }
}
