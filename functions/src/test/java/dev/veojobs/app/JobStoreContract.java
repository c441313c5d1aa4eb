package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.TestJobs;
import dev.veojobs.job.WebhookEvent;
import dev.veojobs.job.VideoParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, whatever it stores jobs in: Firestore in production
 * ({@code FirestoreJobStoreIT}) and {@link InMemoryJobStore}, which every use-case test relies on
 * ({@code InMemoryJobStoreTest}), so the use-case tests cannot pass against a store that behaves
 * unlike the real one. A subclass supplies the store and the clock its server time follows.
 */
public abstract class JobStoreContract {
  static final VideoParameters PARAMETERS = new VideoParameters(8, "16:9", "720p", 1, 42L, false, "allow_adult", true);
  /** What a careless caller might pass as created_at/updated_at; the store stamps its own time. */
  static final Instant CARELESS_TIME = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");

  protected abstract JobStore store();

  /** The clock the store's server stamps writes with; the tests move it. */
  protected abstract EmulatorClock clock();

  protected Instant now() {
    return clock().instant();
  }

  protected void advance(Duration duration) {
    clock().advance(duration);
  }

  protected Job create(Job job) {
    CreateOutcome outcome = store().create(job, AdmissionLimits.NONE);
    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    return ((CreateOutcome.Created) outcome).job();
  }

  protected void complete(String jobId) {
    store().update(jobId, current -> Decision.write(completed(current, "https://v/" + jobId),
        new JobEvent("job.completed", Map.of()), null));
  }

  protected static Job pending(String id, String owner, String nodeId) {
    return pending(id, owner, nodeId, null, "fp-" + id);
  }

  protected static Job pending(String id, String owner, String nodeId, String idempotencyKey, String fingerprint) {
    return TestJobs.job(id).owner(owner).createdAt(CARELESS_TIME).deadlineAt(DEADLINE)
        .request(new JobRequest("a cat surfing " + id, "blurry", "veo-3.1-fast-generate-001", null, PARAMETERS,
            nodeId, "project-1", null))
        .idempotencyKey(idempotencyKey).fingerprint(fingerprint).queued();
  }

  private static Job dueAt(String id, Instant deadline) {
    return TestJobs.job(id).owner("u1").createdAt(CARELESS_TIME).deadlineAt(deadline)
        .request(new JobRequest("a cat " + id, null, "veo-3.1-fast-generate-001", null, PARAMETERS, null, null, null))
        .queued();
  }

  /** {@code current} moved on to GENERATING now, with operation {@code .../operations/{id}}. */
  protected Job generating(Job current) {
    return TestJobs.from(current).at(now())
        .operation("projects/p/locations/l/publishers/google/models/m/operations/" + current.id()).generating();
  }

  /** {@code current} moved on through every stage to COMPLETED now, signed as {@code videoUrl}. */
  protected Job completed(Job current, String videoUrl) {
    return TestJobs.from(current).at(now()).videoUrl(videoUrl).completed();
  }

  protected Job failed(Job current, ErrorCode code, String message) {
    return current.fail(new JobError(code, message), now());
  }

  private static void assertServerTime(Instant stamped, Instant serverNow) {
    assertThat(stamped).isBetween(serverNow.minusMillis(1), serverNow.plusMillis(1));
  }

  @Test
  void aCreatedJobIsFoundWithTheServersTimestamps() {
    advance(Duration.ofSeconds(3));
    Instant serverNow = now();
    Job created = create(pending("j1", "u1", "n1"));

    Job found = store().find("j1").orElseThrow();
    assertThat(found).isEqualTo(created);
    assertServerTime(found.createdAt(), serverNow);
    assertServerTime(found.updatedAt(), serverNow);
    assertThat(found.status()).isEqualTo(JobStatus.PENDING);
    assertThat(found.request()).isEqualTo(pending("j1", "u1", "n1").request());
    assertThat(found.deadlineAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(store().find("nope")).isEmpty();
  }

  @Test
  void theSameKeyWithTheSameRequestReplaysTheFirstJobAndCreatesNothing() {
    Job first = create(pending("j1", "u1", null, "key-1", "fp"));
    CreateOutcome again = store().create(pending("j2", "u1", null, "key-1", "fp"), AdmissionLimits.NONE);
    assertThat(again).isEqualTo(new CreateOutcome.Replayed(first));
    assertThat(store().find("j2")).isEmpty();
  }

  @Test
  void theSameKeyWithAnotherRequestIsAConflictAndCreatesNothing() {
    create(pending("j1", "u1", null, "key-1", "fp-a"));
    CreateOutcome again = store().create(pending("j2", "u1", null, "key-1", "fp-b"), AdmissionLimits.NONE);
    assertThat(again).isEqualTo(new CreateOutcome.KeyConflict("j1"));
    assertThat(store().find("j2")).isEmpty();
  }

  @Test
  void keysBelongToTheirOwner() {
    create(pending("j1", "u1", null, "key-1", "fp"));
    create(pending("j2", "u2", null, "key-1", "fp"));
    assertThat(store().find("j2")).isPresent();
  }

  @Test
  void thePerUserInFlightLimitStopsCreatesUntilAJobEnds() {
    AdmissionLimits limits = new AdmissionLimits(2, 0, 0);
    assertThat(store().create(pending("j1", "u1", null), limits)).isInstanceOf(CreateOutcome.Created.class);
    assertThat(store().create(pending("j2", "u1", null), limits)).isInstanceOf(CreateOutcome.Created.class);

    CreateOutcome third = store().create(pending("j3", "u1", null), limits);
    assertThat(third).isInstanceOfSatisfying(CreateOutcome.LimitReached.class, l -> {
      assertThat(l.limit()).isEqualTo("per_user_in_flight");
      assertThat(l.retryAfter()).isPositive();
    });
    assertThat(store().find("j3")).isEmpty();
    assertThat(store().create(pending("j4", "u2", null), limits)).isInstanceOf(CreateOutcome.Created.class);

    complete("j1");
    assertThat(store().create(pending("j3", "u1", null), limits)).isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void thePerDayLimitCountsEndedJobsAndOpensTheNextDay() {
    AdmissionLimits limits = new AdmissionLimits(0, 2, 0);
    create(pending("j1", "u1", null));
    create(pending("j2", "u1", null));
    complete("j1");

    CreateOutcome third = store().create(pending("j3", "u1", null), limits);
    assertThat(third).isInstanceOfSatisfying(CreateOutcome.LimitReached.class, l -> {
      assertThat(l.limit()).isEqualTo("per_user_per_day");
      assertThat(l.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
    });
    assertThat(store().find("j3")).isEmpty();

    advance(Duration.ofDays(1));
    assertThat(store().create(pending("j3", "u1", null), limits)).isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void theGlobalInFlightLimitCountsEveryUser() {
    AdmissionLimits limits = new AdmissionLimits(0, 0, 2);
    create(pending("j1", "u1", null));
    create(pending("j2", "u2", null));
    CreateOutcome third = store().create(pending("j3", "u3", null), limits);
    assertThat(third).isInstanceOfSatisfying(CreateOutcome.LimitReached.class,
        l -> assertThat(l.limit()).isEqualTo("global_in_flight"));
    assertThat(store().find("j3")).isEmpty();

    store().update("j2", current -> Decision.write(failed(current, ErrorCode.NO_VIDEO, "No video."), null, 0));
    assertThat(store().create(pending("j3", "u3", null), limits)).isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void anUpdateWritesWhatTheChangeDecidedAndReturnsItsResult() {
    create(pending("j1", "u1", null));
    advance(Duration.ofSeconds(5));
    Instant serverNow = now();
    String result = store().update("j1", current -> Decision.write(generating(current), null, "claimed"));
    assertThat(result).isEqualTo("claimed");

    Job found = store().find("j1").orElseThrow();
    assertThat(found.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(found.pollCount()).isEqualTo(1);
    assertThat(found.operationName()).endsWith("/operations/j1");
    assertServerTime(found.updatedAt(), serverNow);
    assertThat(found.createdAt()).isBefore(found.updatedAt());
  }

  @Test
  void noChangeWritesNothing() {
    Job created = create(pending("j1", "u1", null));
    advance(Duration.ofSeconds(5));
    String result = store().update("j1", current -> Decision.noChange("still running"));
    assertThat(result).isEqualTo("still running");
    assertThat(store().find("j1").orElseThrow()).isEqualTo(created);
  }

  @Test
  void aFailureThrownByTheChangePassesThroughUnchangedAndWritesNothing() {
    Job created = create(pending("j1", "u1", null));
    PermanentFailure failure = new PermanentFailure(ErrorCode.INVALID_ARGUMENT, "no");
    assertThatThrownBy(() -> store().update("j1", current -> {
      throw failure;
    })).isSameAs(failure);
    assertThat(store().find("j1").orElseThrow()).isEqualTo(created);
  }

  @Test
  void aChangeMayNotMoveAJobToAnotherIdOrOwnerAndWritesNothing() {
    Job created = create(pending("j1", "u1", null));
    Job other = pending("j2", "u2", null);
    assertThatThrownBy(() -> store().update("j1", current -> Decision.write(other, null, null)))
        .isInstanceOf(IllegalStateException.class);
    Job stolen = pending("j1", "u2", null);
    assertThatThrownBy(() -> store().update("j1", current -> Decision.write(stolen, null, null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store().find("j1").orElseThrow()).isEqualTo(created);
  }

  @Test
  void updatingAMissingJobIsNotFound() {
    assertThatThrownBy(() -> store().update("nope", current -> Decision.noChange(null)))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void racingUpdatesAreBothAppliedNoneIsLost() throws Exception {
    createGenerating("race");
    raceTwoBumps("race");
    assertThat(store().find("race").orElseThrow().pollCount()).isEqualTo(3);
  }

  /** A GENERATING job, its poll chain headed by poll 1. */
  protected void createGenerating(String jobId) {
    create(pending(jobId, "u1", null));
    store().update(jobId, current -> Decision.write(generating(current), null, null));
  }

  /**
   * Two updates that both read the generating job before either writes, each restarting its poll
   * chain one number higher. Returns how many times the changes were decided in all (more than 2
   * means a retry).
   */
  protected int raceTwoBumps(String jobId) throws Exception {
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger decides = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Runnable bump = () -> {
        int seen = store().update(jobId, current -> {
          if (decides.incrementAndGet() <= 2) {
            awaitQuietly(bothRead);
          }
          return Decision.write(current.restartPolls(current.pollCount() + 1, now()), null, current.pollCount() + 1);
        });
        assertThat(seen).isPositive();
      };
      CompletableFuture<Void> a = CompletableFuture.runAsync(bump, pool);
      CompletableFuture<Void> b = CompletableFuture.runAsync(bump, pool);
      CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    return decides.get();
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A store that serializes transactions never lets both read at once; the race still must not lose a write.
    }
  }

  @Test
  void theListIsTheOwnersJobsNewestFirstInPages() {
    createSix();
    JobPage first = store().list(new JobQuery("u1", null, null, 2, null));
    assertThat(ids(first)).containsExactly("j5", "j4");
    assertThat(first.nextPageToken()).isNotBlank();
    JobPage second = store().list(new JobQuery("u1", null, null, 2, first.nextPageToken()));
    assertThat(ids(second)).containsExactly("j3", "j2");
    JobPage last = store().list(new JobQuery("u1", null, null, 2, second.nextPageToken()));
    assertThat(ids(last)).containsExactly("j1");
    assertThat(last.nextPageToken()).isNull();

    assertThat(ids(store().list(new JobQuery("u1", null, null, 5, null)))).hasSize(5);
    assertThat(store().list(new JobQuery("u1", null, null, 5, null)).nextPageToken()).isNull();
    assertThat(ids(store().list(new JobQuery("u2", null, null, 10, null)))).containsExactly("other");
    assertThat(ids(store().list(new JobQuery("nobody", null, null, 10, null)))).isEmpty();
  }

  @Test
  void theListFiltersByNodeAndStatusAndPagesWithinTheFilter() {
    createSix();
    complete("j3");
    assertThat(ids(store().list(new JobQuery("u1", "n1", null, 10, null)))).containsExactly("j4", "j3", "j1");
    assertThat(ids(store().list(new JobQuery("u1", null, JobStatus.COMPLETED, 10, null)))).containsExactly("j3");
    assertThat(ids(store().list(new JobQuery("u1", "n1", JobStatus.PENDING, 10, null)))).containsExactly("j4", "j1");

    JobPage page = store().list(new JobQuery("u1", "n1", null, 2, null));
    assertThat(ids(page)).containsExactly("j4", "j3");
    assertThat(ids(store().list(new JobQuery("u1", "n1", null, 2, page.nextPageToken())))).containsExactly("j1");
  }

  @Test
  void aPageOfNoJobsIsAProgrammingError() {
    // ListJobs holds the page-size rule (default and maximum); a store only refuses what cannot be a page.
    assertThatThrownBy(() -> store().list(new JobQuery("u1", null, null, 0, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPageTokenTheStoreDidNotIssueIsABadRequestNamingIt() {
    createSix();
    for (String token : List.of("not-a-token", "12", "djE6MTox")) {
      assertThatThrownBy(() -> store().list(new JobQuery("u1", null, null, 2, token)))
          .as(token)
          .isInstanceOfSatisfying(InvalidRequestException.class,
              e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("page_token"));
    }
  }

  @Test
  void latestForNodeIsTheOwnersNewestJobOfThatNode() {
    createSix();
    assertThat(store().latestForNode("u1", "n1")).map(Job::id).contains("j4");
    assertThat(store().latestForNode("u1", "n2")).map(Job::id).contains("j5");
    assertThat(store().latestForNode("u2", "u2-n")).map(Job::id).contains("other");
    assertThat(store().latestForNode("u2", "n1")).isEmpty();
    assertThat(store().latestForNode("u1", "u2-n")).isEmpty();
    assertThat(store().latestForNode("u1", "n9")).isEmpty();
  }

  /**
   * Issue 11 item 1: a node belongs to the user who first used it. Another user's job naming it is
   * refused with nothing written (no job, no event, no usage), and the owner's node keeps following
   * the owner's jobs.
   */
  @Test
  void aNodeBelongsToTheUserWhoFirstUsedItAndAnotherUsersJobNamingItIsRefused() {
    create(pending("a1", "u1", "n1"));

    CreateOutcome taken = store().create(pending("b1", "u2", "n1"), AdmissionLimits.NONE);

    assertThat(taken).isEqualTo(new CreateOutcome.NodeNotFound("n1"));
    assertThat(store().find("b1")).isEmpty();
    assertThat(store().latestForNode("u2", "n1")).isEmpty();
    assertThat(store().latestForNode("u1", "n1")).map(Job::id).contains("a1");
    // The owner's next job on the node is accepted, and the owner's jobs still move it.
    advance(Duration.ofSeconds(1));
    create(pending("a2", "u1", "n1"));
    assertThat(store().latestForNode("u1", "n1")).map(Job::id).contains("a2");
  }

  /** Two users naming a new node at the same moment: exactly one of them gets it. */
  @Test
  void twoUsersRacingForANewNodeNeverBothGetIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<CreateOutcome> a = CompletableFuture.supplyAsync(
          () -> store().create(pending("a1", "u1", "contested"), AdmissionLimits.NONE), pool);
      CompletableFuture<CreateOutcome> b = CompletableFuture.supplyAsync(
          () -> store().create(pending("b1", "u2", "contested"), AdmissionLimits.NONE), pool);
      List<CreateOutcome> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
      assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.Created).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.NodeNotFound).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stalledJobsAreLiveOnesNotUpdatedSinceOldestFirst() {
    create(pending("old-pending", "u1", null));
    advance(Duration.ofSeconds(1));
    create(pending("old-processing", "u1", null));
    create(pending("old-done", "u1", null));
    advance(Duration.ofSeconds(1));
    store().update("old-processing", current -> Decision.write(generating(current), null, 0));
    complete("old-done");
    advance(Duration.ofMinutes(10));
    create(pending("recent", "u2", null));

    Instant cutoff = now().minus(Duration.ofMinutes(5));
    assertThat(store().findStalled(cutoff, 10).jobs()).extracting(Job::id)
        .containsExactly("old-pending", "old-processing");
    assertThat(store().findStalled(cutoff, 1).jobs()).extracting(Job::id).containsExactly("old-pending");
    assertThat(store().findStalled(now().plusSeconds(1), 10).jobs()).extracting(Job::id)
        .containsExactly("old-pending", "old-processing", "recent");
  }

  @Test
  void pastDeadlineJobsAreLiveOnesWhoseDeadlineCameEarliestFirst() {
    create(dueAt("late", now().plusSeconds(60)));
    create(dueAt("later", now().plusSeconds(120)));
    create(dueAt("ended", now().plusSeconds(30)));
    create(dueAt("on-time", now().plusSeconds(3600)));
    complete("ended");

    assertThat(store().findPastDeadline(now().plusSeconds(59), 10).jobs()).isEmpty();
    assertThat(store().findPastDeadline(now().plusSeconds(150), 10).jobs()).extracting(Job::id)
        .containsExactly("late", "later");
    assertThat(store().findPastDeadline(now().plusSeconds(150), 1).jobs()).extracting(Job::id)
        .containsExactly("late");
  }

  @Test
  void owedWebhooksAreFoundUntilSettledAndTheirDebtSurvivesTheStore() {
    Job hooked = TestJobs.job("hooked").owner("u1").createdAt(CARELESS_TIME).deadlineAt(DEADLINE)
        .request(new JobRequest("a cat", null, "veo-3.1-fast-generate-001", null, PARAMETERS, null, null,
            "https://hooks.example/h"))
        .queued();
    create(hooked);
    create(pending("plain", "u1", null));
    store().update("hooked", current -> Decision.write(current.cancel(now()), null, null));
    store().update("plain", current -> Decision.write(current.cancel(now()), null, null));
    advance(Duration.ofSeconds(1));

    assertThat(store().findOwedWebhooks(now(), 10).jobs()).extracting(Job::id).containsExactly("hooked");
    assertThat(store().find("hooked").orElseThrow().webhooksOwed()).containsExactly(WebhookEvent.CANCELED);

    store().update("hooked", current -> Decision.write(current.webhookSettled(WebhookEvent.CANCELED, now()), null,
        null));
    assertThat(store().findOwedWebhooks(now().plusSeconds(1), 10).jobs()).isEmpty();
  }

  @Test
  void theClaimTokenAndAnUncertainStartSurviveTheStore() {
    create(pending("j1", "u1", null));
    store().update("j1", current -> Decision.write(current.claimStart("token-a", now(), Duration.ofMinutes(3))
        .markStartUncertain(now(), now().plusSeconds(420)), null, null));

    Job read = store().find("j1").orElseThrow();
    assertThat(read.holdsClaim("token-a")).isTrue();
    assertThat(read.isStartUncertain()).isTrue();
    assertThat(read.reconcileUntil()).isEqualTo(now().plusSeconds(420));
  }

  /** j1..j5 for u1 one second apart (nodes n1 n2 n1 n1 n2), and one job of u2 on its own node u2-n. */
  private void createSix() {
    List<String> nodes = List.of("n1", "n2", "n1", "n1", "n2");
    for (int i = 0; i < nodes.size(); i++) {
      create(pending("j" + (i + 1), "u1", nodes.get(i)));
      advance(Duration.ofSeconds(1));
    }
    create(pending("other", "u2", "u2-n"));
  }

  private static List<String> ids(JobPage page) {
    return page.jobs().stream().map(Job::id).toList();
  }
}
