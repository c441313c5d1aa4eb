package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OTHER_OWNER;
import static dev.veojobs.app.Fixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancelJobTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final CancelJob cancel = new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock);

  @Test
  void aLiveJobIsCanceledWithAnEvent() {
    store.put(TestJobs.job("job1").generating());
    clock.advance(Duration.ofSeconds(30));

    JobView view = cancel.cancel(OWNER, "job1");

    assertThat(view.job().status()).isEqualTo(JobStatus.CANCELED);
    assertThat(view.videoUrl()).isNull();
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.events("job1")).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("job.canceled");
      assertThat(e.data()).containsEntry("stage", "GENERATING")
          .containsEntry("canceled_at", clock.instant().toString());
    });
  }

  @Test
  void aJobThatCompletedOrFailedCannotBeCanceled() {
    store.put(TestJobs.job("job1").completed());
    store.put(TestJobs.job("job2").failed(dev.veojobs.job.ErrorCode.GENERATION_FAILED, "no"));

    assertThatThrownBy(() -> cancel.cancel(OWNER, "job1"))
        .isInstanceOf(JobAlreadyTerminalException.class)
        .satisfies(e -> assertThat(((JobAlreadyTerminalException) e).status()).isEqualTo(JobStatus.COMPLETED));
    assertThatThrownBy(() -> cancel.cancel(OWNER, "job2"))
        .isInstanceOf(JobAlreadyTerminalException.class)
        .satisfies(e -> assertThat(((JobAlreadyTerminalException) e).status()).isEqualTo(JobStatus.FAILED));
  }

  @Test
  void aCancelSentAgainAfterItsAnswerWasLostAnswersWithTheCanceledJob() {
    store.put(TestJobs.job("job1").generating());
    cancel.cancel(OWNER, "job1");

    JobView again = cancel.cancel(OWNER, "job1");

    assertThat(again.job().status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.events("job1")).hasSize(1);
  }

  @Test
  void whenTheCancelsCommitAnswerIsLostFirestoresRerunStillAnswersCanceled() {
    store.put(TestJobs.job("job1").generating());
    store.rerunNextUpdatesAfterCommit(1);

    JobView view = cancel.cancel(OWNER, "job1");

    assertThat(view.job().status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.events("job1")).hasSize(1);
  }

  @Test
  void someoneElsesJobIsNotFoundAndStaysLive() {
    store.put(TestJobs.job("job1").queued());

    assertThatThrownBy(() -> cancel.cancel(OTHER_OWNER, "job1")).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> cancel.cancel(OWNER, "nope")).isInstanceOf(JobNotFoundException.class);
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PENDING);
  }
}
