package dev.veojobs.app;

import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.RetryableFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link JobStore} in memory, held to the same {@link JobStoreContract} as the Firestore store
 * ({@code InMemoryJobStoreTest}): writes stamp {@code created_at}/{@code updated_at} with the
 * store's clock as Firestore's server timestamps do, updates are atomic and may not move a job to
 * another id or owner, every {@link JobChange} is decided twice (as a retried transaction would)
 * so a change with side effects shows up, events and usage are written only with the job,
 * idempotency keys are per owner, admission limits are enforced, lists are newest first with
 * opaque cursor tokens (a token it did not issue is a 400 naming {@code page_token}), and
 * {@link #findStalled} returns live jobs by oldest update. Faults can be injected.
 */
public final class InMemoryJobStore implements JobStore {
  private final Clock clock;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, List<JobEvent>> events = new HashMap<>();
  private final Map<String, UsageDelta> usageByOwnerDay = new HashMap<>();
  private int updateCalls;
  private int jobWrites;
  private int failingUpdates;
  private int failingFinds;
  private int rerunsAfterCommit;

  public InMemoryJobStore(Clock clock) {
    this.clock = clock;
  }

  /** Puts a job as is, timestamps included, as if an earlier process had written it. */
  public synchronized void put(Job job) {
    jobs.put(job.id(), job);
  }

  public synchronized Job get(String jobId) {
    return Objects.requireNonNull(jobs.get(jobId), () -> "no job " + jobId);
  }

  /** The next {@code n} update calls throw {@link RetryableFailure} without deciding anything. */
  public synchronized void failNextUpdates(int n) {
    failingUpdates = n;
  }

  public synchronized void failNextFinds(int n) {
    failingFinds = n;
  }

  public synchronized List<JobEvent> events(String jobId) {
    return List.copyOf(events.getOrDefault(jobId, List.of()));
  }

  /** Removes the job and its events, as a purge would. */
  public synchronized void remove(String jobId) {
    jobs.remove(jobId);
    events.remove(jobId);
  }

  public synchronized List<String> eventTypes(String jobId) {
    return events(jobId).stream().map(JobEvent::type).toList();
  }

  /** The owner's usage summed over all days. */
  public synchronized UsageDelta usage(String ownerUid) {
    int started = 0, completed = 0, seconds = 0;
    for (Map.Entry<String, UsageDelta> e : usageByOwnerDay.entrySet()) {
      if (e.getKey().startsWith(ownerUid + "/")) {
        started += e.getValue().jobsStarted();
        completed += e.getValue().jobsCompleted();
        seconds += e.getValue().secondsGenerated();
      }
    }
    return new UsageDelta(started, completed, seconds);
  }

  public synchronized int updateCalls() {
    return updateCalls;
  }

  /** Writes of a job document (creates and updates that wrote). */
  public synchronized int jobWrites() {
    return jobWrites;
  }

  @Override
  public synchronized CreateOutcome create(Job job, AdmissionLimits limits) {
    if (job.idempotencyKey() != null) {
      for (Job existing : jobs.values()) {
        if (existing.ownerUid().equals(job.ownerUid()) && job.idempotencyKey().equals(existing.idempotencyKey())) {
          return Objects.equals(existing.requestFingerprint(), job.requestFingerprint())
              ? new CreateOutcome.Replayed(existing)
              : new CreateOutcome.KeyConflict(existing.id());
        }
      }
    }
    String nodeId = job.request().nodeId();
    if (nodeId != null && jobs.values().stream().anyMatch(
        j -> nodeId.equals(j.request().nodeId()) && !j.ownerUid().equals(job.ownerUid()))) {
      return new CreateOutcome.NodeNotFound(nodeId);
    }
    long ownerLive = jobs.values().stream().filter(j -> j.ownerUid().equals(job.ownerUid()) && !j.isTerminal()).count();
    long allLive = jobs.values().stream().filter(j -> !j.isTerminal()).count();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    long ownerToday = jobs.values().stream()
        .filter(j -> j.ownerUid().equals(job.ownerUid()))
        .filter(j -> LocalDate.ofInstant(j.createdAt(), ZoneOffset.UTC).equals(today))
        .count();
    if (limits.perUserInFlight() > 0 && ownerLive >= limits.perUserInFlight()) {
      return new CreateOutcome.LimitReached("per_user_in_flight", "Too many jobs in flight.", Duration.ofSeconds(30));
    }
    if (limits.perUserPerDay() > 0 && ownerToday >= limits.perUserPerDay()) {
      return new CreateOutcome.LimitReached("per_user_per_day", "Daily job limit reached.", Duration.ofHours(1));
    }
    if (limits.globalInFlight() > 0 && allLive >= limits.globalInFlight()) {
      return new CreateOutcome.LimitReached("global_in_flight", "The service is busy.", Duration.ofSeconds(30));
    }
    Instant now = clock.instant();
    Job created = stamped(job, now, now);
    jobs.put(job.id(), created);
    jobWrites++;
    events.computeIfAbsent(job.id(), k -> new ArrayList<>()).add(new JobEvent("job.created", Map.of()));
    return new CreateOutcome.Created(created);
  }

  @Override
  public synchronized Optional<Job> find(String jobId) {
    if (failingFinds > 0) {
      failingFinds--;
      throw new RetryableFailure("injected: store unavailable");
    }
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized <R> R update(String jobId, JobChange<R> change) {
    updateCalls++;
    if (failingUpdates > 0) {
      failingUpdates--;
      throw new RetryableFailure("injected: transaction aborted");
    }
    Job current = jobs.get(jobId);
    if (current == null) {
      throw new JobNotFoundException(jobId);
    }
    change.decide(current); // a transaction may run its change more than once
    Decision<R> decision = change.decide(current);
    if (decision.writes()) {
      Job updated = decision.updated();
      if (!updated.id().equals(jobId) || !updated.ownerUid().equals(current.ownerUid())) {
        throw new IllegalStateException("a change may not move job " + jobId + " to another id or owner");
      }
      jobs.put(jobId, stamped(updated, current.createdAt(), clock.instant()));
      jobWrites++;
      if (decision.event() != null) {
        events.computeIfAbsent(jobId, k -> new ArrayList<>()).add(decision.event());
      }
      if (!decision.usage().isEmpty()) {
        String key = current.ownerUid() + "/" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        usageByOwnerDay.merge(key, decision.usage(), (a, b) -> new UsageDelta(
            a.jobsStarted() + b.jobsStarted(), a.jobsCompleted() + b.jobsCompleted(),
            a.secondsGenerated() + b.secondsGenerated()));
      }
    } else if (decision.event() != null || !decision.usage().isEmpty()) {
      throw new IllegalStateException("an event or usage without a job write would be lost");
    }
    if (decision.writes() && rerunsAfterCommit > 0) {
      // Firestore retries a transaction whose commit applied but whose answer was lost: the change
      // runs again on what it committed, and that run's answer is the one the caller gets.
      rerunsAfterCommit--;
      return update(jobId, change);
    }
    return decision.result();
  }

  /** The next {@code n} updates that write commit, then run again as if the commit's answer was lost. */
  public synchronized void rerunNextUpdatesAfterCommit(int n) {
    rerunsAfterCommit = n;
  }

  @Override
  public synchronized JobPage list(JobQuery query) {
    if (query.pageSize() < 1) {
      throw new IllegalArgumentException("a page holds at least one job, not " + query.pageSize());
    }
    List<Job> matching = jobs.values().stream()
        .filter(j -> j.ownerUid().equals(query.ownerUid()))
        .filter(j -> query.nodeId() == null || query.nodeId().equals(j.request().nodeId()))
        .filter(j -> query.status() == null || query.status() == j.status())
        .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed())
        .toList();
    int from = 0;
    if (query.pageToken() != null && !query.pageToken().isEmpty()) {
      Cursor after = Cursor.decode(query.pageToken());
      while (from < matching.size() && !after.isBefore(matching.get(from))) {
        from++;
      }
    }
    int to = Math.min(matching.size(), from + query.pageSize());
    String next = to < matching.size() ? Cursor.of(matching.get(to - 1)).encode() : null;
    return new JobPage(matching.subList(from, to), next);
  }

  /** Where a page ended: the creation time and id of its last job, like the Firestore store's token. */
  private record Cursor(Instant createdAt, String jobId) {
    private static final String PREFIX = "in-memory:";

    static Cursor of(Job job) {
      return new Cursor(job.createdAt(), job.id());
    }

    /** True when {@code job} comes after this cursor in the list's order (newest first, then id descending). */
    boolean isBefore(Job job) {
      int byTime = job.createdAt().compareTo(createdAt);
      return byTime < 0 || (byTime == 0 && job.id().compareTo(jobId) < 0);
    }

    String encode() {
      String raw = PREFIX + createdAt + "|" + jobId;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (!raw.startsWith(PREFIX) || bar < 0 || bar == raw.length() - 1) {
          throw new IllegalArgumentException("not ours");
        }
        return new Cursor(Instant.parse(raw.substring(PREFIX.length(), bar)), raw.substring(bar + 1));
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new InvalidRequestException("page_token", "is not a token this API returned");
      }
    }
  }

  /** {@code job} with the store's timestamps, as Firestore stamps created_at/updated_at on the server. */
  private static Job stamped(Job job, Instant createdAt, Instant updatedAt) {
    return job.withStoreTimes(createdAt, updatedAt);
  }

  @Override
  public synchronized Optional<Job> latestForNode(String ownerUid, String nodeId) {
    return jobs.values().stream()
        .filter(j -> j.ownerUid().equals(ownerUid) && nodeId.equals(j.request().nodeId()))
        .max(Comparator.comparing(Job::createdAt).thenComparing(Job::id));
  }

  @Override
  public synchronized SweepBatch findStalled(Instant updatedBefore, int limit) {
    return SweepBatch.of(jobs.values().stream()
        .filter(j -> !j.isTerminal() && j.updatedAt().isBefore(updatedBefore))
        .sorted(Comparator.comparing(Job::updatedAt))
        .limit(limit)
        .toList());
  }

  @Override
  public synchronized SweepBatch findPastDeadline(Instant now, int limit) {
    return SweepBatch.of(jobs.values().stream()
        .filter(j -> !j.isTerminal() && j.deadlineAt() != null && !j.deadlineAt().isAfter(now))
        .sorted(Comparator.comparing(Job::deadlineAt))
        .limit(limit)
        .toList());
  }

  @Override
  public synchronized SweepBatch findOwedWebhooks(Instant dueBefore, int limit) {
    return SweepBatch.of(jobs.values().stream()
        .filter(j -> j.webhookDueAt() != null && j.webhookDueAt().isBefore(dueBefore))
        .sorted(Comparator.comparing(Job::webhookDueAt))
        .limit(limit)
        .toList());
  }
}
