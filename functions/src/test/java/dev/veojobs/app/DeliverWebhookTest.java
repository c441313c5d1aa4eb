package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import dev.veojobs.job.WebhookEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliverWebhookTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final List<String> sent = new ArrayList<>();
  private final List<JobView> views = new ArrayList<>();
  private boolean receiverUp;
  private final UrlSigner signer = org.mockito.Mockito.mock(UrlSigner.class);
  private final DeliverWebhook deliver = new DeliverWebhook(store, (view, event) -> {
    Job job = view.job();
    views.add(view);
    sent.add(job.id() + " " + job.status());
    if (!receiverUp) {
      throw new RetryableFailure("receiver answered 503", Duration.ofSeconds(30));
    }
    return StepResult.done("delivered");
  }, signer, Fixtures.settings(), clock);

  private void put(String id, String webhookUrl, boolean failed) {
    Job job = TestJobs.job(id).webhookUrl(webhookUrl).queued();
    store.put(failed ? job.fail(new JobError(ErrorCode.NO_VIDEO, "no video"), T0) : job);
  }

  @Test
  void passesTheSendersRetryOnAndKeepsTheWebhookOwed() {
    put("job1", "https://hooks.example.com/veo", true);

    assertThatThrownBy(() -> deliver.handle("job1", WebhookEvent.FAILED))
        .isInstanceOfSatisfying(RetryableFailure.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));

    assertThat(sent).containsExactly("job1 FAILED");
    assertThat(store.get("job1").owesWebhook(WebhookEvent.FAILED)).isTrue();
  }

  @Test
  void aDeliveryClearsTheDebtSoADuplicateOrRedrivenTaskSendsNothingMore() {
    receiverUp = true;
    put("job1", "https://hooks.example.com/veo", true);

    assertThat(deliver.handle("job1", WebhookEvent.FAILED).kind()).isEqualTo(StepResult.Kind.DONE);
    assertThat(store.get("job1").webhooksOwed()).isEmpty();
    assertThat(deliver.handle("job1", WebhookEvent.FAILED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);

    assertThat(sent).containsExactly("job1 FAILED");
  }

  /**
   * Issue 11 item 5: a completed webhook re-driven after the stored URL expired carries a freshly
   * signed one, as a GET would, not the stale URL written at completion.
   */
  @Test
  void aCompletedWebhookDeliveredLateCarriesAFreshlySignedUrl() {
    receiverUp = true;
    store.put(TestJobs.job("job1").webhookUrl("https://hooks.example.com/veo")
        .videoUrl("https://storage.example/old", T0.plus(Duration.ofHours(1))).completed());
    clock.advance(Duration.ofHours(2));
    org.mockito.Mockito.when(signer.signGet(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(),
        org.mockito.ArgumentMatchers.any())).thenReturn(new SignedUrl("https://storage.example/fresh",
        clock.instant().plus(Duration.ofHours(1))));

    assertThat(deliver.handle("job1", WebhookEvent.COMPLETED).kind()).isEqualTo(StepResult.Kind.DONE);

    assertThat(views).singleElement().satisfies(view -> {
      assertThat(view.videoUrl()).isEqualTo("https://storage.example/fresh");
      assertThat(view.videos()).extracting(JobView.VideoLink::url).containsExactly("https://storage.example/fresh");
    });
  }

  @Test
  void aCanceledJobGetsItsCanceledWebhook() {
    receiverUp = true;
    store.put(TestJobs.job("job1").webhookUrl("https://hooks.example.com/veo").canceled());

    assertThat(deliver.handle("job1", WebhookEvent.CANCELED).kind()).isEqualTo(StepResult.Kind.DONE);
    assertThat(sent).containsExactly("job1 CANCELED");
  }

  @Test
  void sendsNothingForMissingJobsJobsThatOweNothingOrOtherEvents() {
    put("live", "https://hooks.example.com/veo", false);
    put("no-url", null, true);
    put("failed", "https://hooks.example.com/veo", true);

    assertThat(deliver.handle("missing", WebhookEvent.FAILED).reason()).isEqualTo(StepResult.Reason.NOT_FOUND);
    assertThat(deliver.handle("live", WebhookEvent.FAILED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);
    assertThat(deliver.handle("no-url", WebhookEvent.FAILED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);
    assertThat(deliver.handle("failed", WebhookEvent.COMPLETED).reason()).isEqualTo(StepResult.Reason.WRONG_STAGE);
    assertThat(sent).isEmpty();
  }
}
