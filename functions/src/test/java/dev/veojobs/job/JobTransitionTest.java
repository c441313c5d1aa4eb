package dev.veojobs.job;

import static dev.veojobs.job.JobStage.DONE;
import static dev.veojobs.job.JobStage.FINALIZING;
import static dev.veojobs.job.JobStage.GENERATING;
import static dev.veojobs.job.JobStage.QUEUED;
import static dev.veojobs.job.JobStage.STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTransitionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final JobError BOOM = new JobError(ErrorCode.GENERATION_FAILED, "Veo failed");

  /** The table as the design states it; the enum must say exactly this. */
  private static final Map<JobTransition, Set<JobStage>> ALLOWED = Map.of(
      JobTransition.CLAIM_START, EnumSet.of(QUEUED, STARTING),
      JobTransition.MARK_START_UNCERTAIN, EnumSet.of(STARTING),
      JobTransition.ADOPT_ORPHAN, EnumSet.of(STARTING),
      JobTransition.RECORD_OPERATION, EnumSet.of(STARTING),
      JobTransition.MARK_FINALIZING, EnumSet.of(GENERATING),
      JobTransition.COMPLETE, EnumSet.of(FINALIZING),
      JobTransition.FAIL, EnumSet.of(QUEUED, STARTING, GENERATING, FINALIZING),
      JobTransition.CANCEL, EnumSet.of(QUEUED, STARTING, GENERATING, FINALIZING));

  @Test
  void theTableAllowsExactlyTheDesignedTransitions() {
    for (JobTransition t : JobTransition.values()) {
      for (JobStage stage : JobStage.values()) {
        boolean expected = ALLOWED.get(t).contains(stage);
        assertThat(t.allowedFrom(stage)).as("%s from %s", t, stage).isEqualTo(expected);
        if (expected) {
          t.check(stage);
        } else {
          assertThatThrownBy(() -> t.check(stage))
              .isInstanceOf(IllegalTransitionException.class)
              .satisfies(e -> {
                assertThat(((IllegalTransitionException) e).transition()).isEqualTo(t);
                assertThat(((IllegalTransitionException) e).current()).isEqualTo(stage);
              });
        }
      }
    }
  }

  private static Job queued() {
    JobRequest request = new JobRequest("a cat", null, VeoLimits.DEFAULT_MODEL, null, VeoLimits.defaultParameters(),
        null, null, null);
    return TestJobs.job("job1").owner("uid1").request(request).createdAt(T0).idempotencyKey("key").fingerprint("fp")
        .queued();
  }

  @Test
  void aNewJobIsPendingAndQueued() {
    Job job = queued();
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.stage()).isEqualTo(QUEUED);
    assertThat(job.attempt()).isZero();
    assertThat(job.createdAt()).isEqualTo(T0);
    assertThat(job.updatedAt()).isEqualTo(T0);
    assertThat(job.progress(T0)).isZero();
  }

  @Test
  void theHappyPathWalksEveryStage() {
    Job claimed = queued().claimStart("t1", T0.plusSeconds(1), LEASE);
    assertThat(claimed.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(claimed.stage()).isEqualTo(STARTING);
    assertThat(claimed.attempt()).isEqualTo(1);
    assertThat(claimed.leaseUntil()).isEqualTo(T0.plusSeconds(1).plus(LEASE));
    assertThat(claimed.startedAt()).isEqualTo(T0.plusSeconds(1));

    Job generating = claimed.recordOperation("ops/1", T0.plusSeconds(2));
    assertThat(generating.stage()).isEqualTo(GENERATING);
    assertThat(generating.operationName()).isEqualTo("ops/1");
    assertThat(generating.leaseUntil()).isNull();
    assertThat(generating.pollCount()).isEqualTo(1);

    Job finalizing = generating.markFinalizing("gs://b/veo-output/job1/1/sample_0.mp4", T0.plusSeconds(60));
    assertThat(finalizing.stage()).isEqualTo(FINALIZING);
    assertThat(finalizing.progress(T0.plusSeconds(60))).isEqualTo(90);

    Job done = finalizing.complete("gs://b/videos/uid1/job1.mp4", "https://signed", T0.plusSeconds(3600),
        T0.plusSeconds(65));
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.stage()).isEqualTo(DONE);
    assertThat(done.isTerminal()).isTrue();
    assertThat(done.completedAt()).isEqualTo(T0.plusSeconds(65));
    assertThat(done.videoUrl()).isEqualTo("https://signed");
    assertThat(done.progress(T0.plusSeconds(65))).isEqualTo(100);
  }

  @Test
  void aHeldLeaseBlocksAnotherClaimAndALapsedOneMakesTheStartUncertainNotClaimable() {
    Job claimed = queued().claimStart("t1", T0, LEASE);

    assertThat(claimed.canClaimStart(T0.plus(LEASE).minusSeconds(1))).isFalse();
    assertThatThrownBy(() -> claimed.claimStart("t2", T0.plusSeconds(119), LEASE))
        .isInstanceOf(IllegalTransitionException.class);
    // The claimant may have started Veo and died: a lapsed lease is not a free start.
    assertThat(claimed.canClaimStart(T0.plus(LEASE))).isFalse();
    assertThat(claimed.isStartLapsed(T0.plus(LEASE))).isTrue();
  }

  @Test
  void anUncertainStartIsClaimableOnlyOnceItsWatchWindowClosedAndThenAsANewAttempt() {
    Instant lapsed = T0.plus(LEASE);
    Job uncertain = queued().claimStart("t1", T0, LEASE).markStartUncertain(lapsed, lapsed.plusSeconds(420));

    assertThat(uncertain.isStartUncertain()).isTrue();
    assertThat(uncertain.holdsClaim("t1")).as("the claimant may still record its operation").isTrue();
    assertThat(uncertain.canClaimStart(lapsed.plusSeconds(419))).isFalse();

    Job reclaimed = uncertain.claimStart("t2", lapsed.plusSeconds(420), LEASE);
    assertThat(reclaimed.attempt()).isEqualTo(2);
    assertThat(reclaimed.holdsClaim("t1")).as("the first claim is fenced out").isFalse();
    assertThat(reclaimed.holdsClaim("t2")).isTrue();
    assertThat(reclaimed.isStartUncertain()).isFalse();
    assertThat(reclaimed.startedAt()).as("first start time kept").isEqualTo(T0);
  }

  @Test
  void aStartClaimedBeforeClaimTokensExistedIsReconciledNotClaimedAgainWhenItsLeaseLapses() {
    Job legacy = queued().claimStart("t1", T0, LEASE);
    Job stored = new Job(legacy.id(), legacy.ownerUid(), legacy.status(), legacy.stage(), legacy.request(),
        legacy.attempt(), legacy.leaseUntil(), null, 0, null, null, null, null, null, legacy.idempotencyKey(),
        legacy.requestFingerprint(), legacy.createdAt(), legacy.updatedAt(), legacy.startedAt(), null,
        legacy.deadlineAt(), null, null, null, null);

    assertThat(stored.canClaimStart(T0.plus(LEASE))).isFalse();
    assertThat(stored.isStartLapsed(T0.plus(LEASE))).isTrue();
  }

  @Test
  void aReleasedClaimCanBeClaimedAgainAtOnceAsANewAttempt() {
    Job released = queued().claimStart("t1", T0, LEASE).releaseClaim(T0.plusSeconds(3));

    assertThat(released.canClaimStart(T0.plusSeconds(3))).isTrue();
    assertThat(released.holdsClaim("t1")).isFalse();
    assertThat(released.claimStart("t2", T0.plusSeconds(4), LEASE).attempt()).isEqualTo(2);
  }

  @Test
  void anAdoptedOrphanGoesStraightToFinalizingWithItsOutput() {
    Job uncertain = queued().claimStart("t1", T0, LEASE).markStartUncertain(T0.plus(LEASE), T0.plusSeconds(600));

    Job adopted = uncertain.adoptOrphan("gs://b/veo-output/job1/1/x/sample_0.mp4", T0.plusSeconds(300));

    assertThat(adopted.stage()).isEqualTo(JobStage.FINALIZING);
    assertThat(adopted.rawVideoUri()).isEqualTo("gs://b/veo-output/job1/1/x/sample_0.mp4");
    assertThat(adopted.holdsClaim("t1")).isFalse();
    assertThatThrownBy(() -> queued().adoptOrphan("gs://b/x.mp4", T0)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void endingAJobWithAWebhookUrlRecordsTheWebhookItOwesUntilSettled() {
    Job withHook = TestJobs.job("job1").at(T0).webhookUrl("https://hooks.example/h").queued();

    Job canceled = withHook.cancel(T0.plusSeconds(5));
    assertThat(canceled.webhooksOwed()).containsExactly(WebhookEvent.CANCELED);
    assertThat(canceled.webhookDueAt()).isEqualTo(T0.plusSeconds(5));

    Job settled = canceled.webhookSettled(WebhookEvent.CANCELED, T0.plusSeconds(6));
    assertThat(settled.webhooksOwed()).isEmpty();
    assertThat(settled.webhookDueAt()).isNull();
    assertThat(queued().cancel(T0).webhooksOwed()).as("no webhook_url, nothing owed").isEmpty();
  }

  /** Issue 11 item 6: a job owes only the webhooks its request selected; "started" when Veo accepted. */
  @Test
  void aJobOwesOnlyTheWebhooksItsRequestSelectedAndStartedWhenVeoAccepted() {
    JobRequest base = TestJobs.request();
    JobRequest startedOnly = new JobRequest(base.prompt(), null, base.model(), null, base.parameters(), null, null,
        "https://hooks.example/h", java.util.EnumSet.of(WebhookEvent.STARTED));
    Job job = TestJobs.job("job1").at(T0).request(startedOnly).queued();

    Job generating = job.claimStart("t1", T0, LEASE).recordOperation("ops/1", T0.plusSeconds(1));
    assertThat(generating.webhooksOwed()).containsExactly(WebhookEvent.STARTED);
    assertThat(generating.webhookDueAt()).isEqualTo(T0.plusSeconds(1));
    Job settled = generating.webhookSettled(WebhookEvent.STARTED, T0.plusSeconds(2));
    assertThat(settled.fail(new JobError(ErrorCode.NO_VIDEO, "no"), T0.plusSeconds(3)).webhooksOwed())
        .as("failed was not selected").isEmpty();

    Job byDefault = TestJobs.job("job2").at(T0).webhookUrl("https://hooks.example/h").queued();
    assertThat(byDefault.claimStart("t1", T0, LEASE).recordOperation("ops/1", T0).webhooksOwed())
        .as("started is not in the default selection").isEmpty();
    Job adopted = job.claimStart("t1", T0, LEASE).markStartUncertain(T0, T0.plusSeconds(60))
        .adoptOrphan(java.util.List.of("gs://b/0.mp4", "gs://b/1.mp4"), T0.plusSeconds(5));
    assertThat(adopted.webhooksOwed()).as("an adopted orphan was accepted by Veo too").containsExactly(WebhookEvent.STARTED);
    assertThat(adopted.rawVideoUris()).containsExactly("gs://b/0.mp4", "gs://b/1.mp4");
    assertThat(adopted.rawVideoUri()).isEqualTo("gs://b/0.mp4");
  }

  @Test
  void aJobWithAnOperationNeverClaimsTheStartAgain() {
    Job generating = queued().claimStart("t1", T0, LEASE).recordOperation("ops/1", T0);
    Job canceledMidStart = queued().claimStart("t1", T0, LEASE).cancel(T0).noteOperation("ops/1", T0);

    assertThat(generating.canClaimStart(T0.plus(Duration.ofHours(1)))).isFalse();
    assertThatThrownBy(() -> generating.claimStart("t2", T0.plus(Duration.ofHours(1)), LEASE))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(canceledMidStart.canClaimStart(T0.plus(Duration.ofHours(1)))).isFalse();
    assertThat(canceledMidStart.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(canceledMidStart.operationName()).isEqualTo("ops/1");
  }

  @Test
  void illegalTransitionsAreTypedErrorsNotOverwrites() {
    Job queued = queued();
    Job done = queued.fail(BOOM, T0);

    assertThatThrownBy(() -> queued.recordOperation("ops/1", T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> queued.markFinalizing("gs://b/x", T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> queued.complete("gs://b/x", "u", T0, T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> done.cancel(T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> done.fail(BOOM, T0)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> done.claimStart("t1", T0, LEASE)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> done.touch(T0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> queued.restartPolls(5, T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failingAndCancelingEndTheJobWithTheRightStatus() {
    Job generating = queued().claimStart("t1", T0, LEASE).recordOperation("ops/1", T0);

    Job failed = generating.fail(BOOM, T0.plusSeconds(5));
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.stage()).isEqualTo(DONE);
    assertThat(failed.error()).isEqualTo(BOOM);
    assertThat(failed.completedAt()).isNull();

    Job canceled = generating.cancel(T0.plusSeconds(5));
    assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(canceled.updatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void restartingPollsOnlyMovesForward() {
    Job generating = queued().claimStart("t1", T0, LEASE).recordOperation("ops/1", T0);
    Job restarted = generating.restartPolls(9, T0.plusSeconds(400));
    assertThat(restarted.pollCount()).isEqualTo(9);
    assertThat(restarted.updatedAt()).isEqualTo(T0.plusSeconds(400));
    assertThatThrownBy(() -> restarted.restartPolls(9, T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressGrowsWhileGeneratingAndStopsAt85() {
    Job generating = queued().claimStart("t1", T0, LEASE).recordOperation("ops/1", T0.plusSeconds(2));

    assertThat(queued().claimStart("t1", T0, LEASE).progress(T0)).isEqualTo(10);
    assertThat(generating.progress(T0)).isEqualTo(15);
    int early = generating.progress(T0.plusSeconds(20));
    int later = generating.progress(T0.plusSeconds(50));
    assertThat(early).isBetween(16, 84);
    assertThat(later).isGreaterThan(early).isLessThan(85);
    assertThat(generating.progress(T0.plus(Job.EXPECTED_GENERATION))).isEqualTo(85);
    assertThat(generating.progress(T0.plus(Duration.ofMinutes(10)))).isEqualTo(85);
  }

  @Test
  void theDeadlineIsInclusive() {
    Job job = queued();
    assertThat(job.isPastDeadline(T0.plus(Duration.ofMinutes(20)).minusMillis(1))).isFalse();
    assertThat(job.isPastDeadline(T0.plus(Duration.ofMinutes(20)))).isTrue();
  }
  /** Defensive: a queued job that carries an operation, or has ended, as a store may hold one, is never claimed. */
  @Test
  void aQueuedJobWithAnOperationOrAnEndedStatusIsNeverClaimed() {
    assertThat(queued().canClaimStart(T0)).isTrue();
    assertThat(RecordVariants.with(queued(), "operationName", "ops/1").canClaimStart(T0)).isFalse();
    assertThat(RecordVariants.with(queued(), "status", JobStatus.CANCELED).canClaimStart(T0)).isFalse();
  }

  @Test
  void progressWithoutATimeIsTheStartOfGenerating() {
    Job generating = queued().claimStart("t1", T0, LEASE).recordOperation("ops/1", T0.plusSeconds(2));

    assertThat(generating.progress(null)).isEqualTo(15);
    assertThat(RecordVariants.with(RecordVariants.with(generating, "startedAt", null), "updatedAt", null)
        .progress(T0.plusSeconds(60))).isEqualTo(15);
  }
}
