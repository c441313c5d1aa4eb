package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veojobs.chaos.Verdict.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges one trial from what it left behind: the {@link History}, the Firestore contents at the end,
 * the tasks still queued then, and which Veo operations produced a video. It only reads; nothing it
 * does can change the outcome it measures.
 */
final class Checker {
  /** A job's webhook for its terminal status ({@code job.canceled} included: a customer is owed it too). */
  private static final Map<String, String> TERMINAL_EVENT =
      Map.of("COMPLETED", "job.completed", "FAILED", "job.failed", "CANCELED", "job.canceled");

  /** Everything one trial left behind. {@code drain} is null when the trial hit its time limit. */
  record Evidence(int trial, History history, WorldSnapshot world, Set<String> jobsWithTasks, Instant end,
      Set<String> paidOperations, Duration drain) {}

  private final Evidence e;
  private final List<Finding> findings = new ArrayList<>();

  private Checker(Evidence evidence) {
    this.e = evidence;
  }

  static Verdict check(Evidence evidence) {
    return new Checker(evidence).verdict();
  }

  private Verdict verdict() {
    Set<String> accepted = e.history().acceptedJobs();
    Map<String, WorldSnapshot.Job> jobs = e.world().jobs();
    int completed = 0;
    int canceled = 0;
    int lost = 0;
    int stuck = 0;
    int webhooksMissing = 0;
    Map<String, Integer> failedByCode = new TreeMap<>();
    for (String id : accepted) {
      WorldSnapshot.Job job = jobs.get(id);
      if (job == null) {
        finding(id, "accepted (202) but no jobs/" + id + " document exists");
        lost++;
        continue;
      }
      switch (job.status()) {
        case "COMPLETED" -> completed++;
        case "CANCELED" -> canceled++;
        case "FAILED" -> failedByCode.merge(Objects.requireNonNullElse(job.errorCode(), "?"), 1, Integer::sum);
        default -> { }
      }
      if (!job.terminal() && !e.jobsWithTasks().contains(job.id())) {
        lost++;
        finding(id, "lost: " + job.status() + "/" + job.fields().path("stage").asText() + " with no task queued"
            + lastDelivery(id));
      }
      if (isStuck(job)) {
        stuck++;
      }
      if (webhookMissing(job)) {
        webhooksMissing++;
      }
    }
    e.history().refusals().forEach(this::finding);
    if (e.history().deliveryLogFull()) {
      finding("history", "the Cloud Tasks emulator's delivery log was full: the oldest deliveries are missing");
    }
    jobs.keySet().stream().filter(id -> !accepted.contains(id)).forEach(id ->
        finding(id, "exists as " + jobs.get(id).status() + " but the client never got it accepted"));
    return new Verdict(1, accepted.size(), completed, failedByCode, canceled, lost, stuck, duplicatePaidStarts(),
        e.history().veoStarts().size(), orphansAdopted(), webhooksMissing, mirrorMismatches(), usageMismatches(),
        e.drain(), e.drain() == null ? 1 : 0, findings);
  }

  /** Not terminal past its deadline plus one sweep interval: at the end, or for a while before it ended. */
  private boolean isStuck(WorldSnapshot.Job job) {
    Instant deadline = job.deadlineAt();
    if (deadline == null) {
      finding(job.id(), "has no deadline_at");
      return false;
    }
    Instant limit = deadline.plus(ChaosStack.SWEEP_INTERVAL);
    Instant ended = job.endedAt();
    if (!job.terminal() && e.end().isAfter(limit)) {
      finding(job.id(), "stuck: still " + job.status() + " " + seconds(Duration.between(deadline, e.end()))
          + " past its deadline");
      return true;
    }
    if (job.terminal() && ended != null && ended.isAfter(limit)) {
      finding(job.id(), "stuck: ended " + job.status() + " only " + seconds(Duration.between(deadline, ended))
          + " past its deadline");
      return true;
    }
    return false;
  }

  private boolean webhookMissing(WorldSnapshot.Job job) {
    if (job.webhookUrl() == null || !job.terminal()) {
      return false;
    }
    String owed = TERMINAL_EVENT.get(job.status());
    List<History.WebhookReceipt> receipts = e.history().webhooks().stream()
        .filter(r -> job.id().equals(r.jobId()))
        .toList();
    receipts.stream().filter(r -> !r.signed()).findFirst()
        .ifPresent(r -> finding(job.id(), "webhook " + r.type() + " arrived with a bad or missing signature"));
    Set<String> ids = receipts.stream().filter(r -> owed.equals(r.type()))
        .map(History.WebhookReceipt::webhookId).collect(Collectors.toSet());
    if (ids.size() > 1) {
      finding(job.id(), owed + " arrived under " + ids.size() + " different webhook-ids (receivers cannot dedupe)");
    }
    boolean received = receipts.stream().anyMatch(r -> r.signed() && owed.equals(r.type()));
    if (!received) {
      finding(job.id(), "webhook " + owed + " never received"
          + (receipts.isEmpty() ? "" : " (got " + receipts.stream().map(History.WebhookReceipt::type).toList() + ")"));
    }
    return !received;
  }

  /** Per job, the Veo operations that produced a video beyond the first: each one is a second bill. */
  private int duplicatePaidStarts() {
    Map<String, List<History.VeoStart>> byJob = new TreeMap<>();
    for (History.VeoStart start : e.history().veoStarts()) {
      if (start.jobId() == null) {
        finding(start.operationName(), "a Veo start with no veo-output/{job}/{attempt}/ prefix");
        continue;
      }
      byJob.computeIfAbsent(start.jobId(), k -> new ArrayList<>()).add(start);
    }
    int duplicates = 0;
    for (Map.Entry<String, List<History.VeoStart>> job : byJob.entrySet()) {
      List<History.VeoStart> paid = job.getValue().stream()
          .filter(s -> e.paidOperations().contains(s.operationName())).toList();
      if (paid.size() > 1) {
        duplicates += paid.size() - 1;
        finding(job.getKey(), paid.size() + " paid Veo generations (attempts "
            + paid.stream().map(s -> s.attempt() + "@" + seconds(Duration.ofMillis(s.atMs()))).toList() + ")");
      }
      WorldSnapshot.Job doc = e.world().jobs().get(job.getKey());
      if (doc != null && "DEADLINE_EXCEEDED".equals(doc.errorCode()) && !paid.isEmpty()) {
        finding(job.getKey(), "failed DEADLINE_EXCEEDED, yet Veo produced (and billed) a video for it");
      }
    }
    return duplicates;
  }

  private int orphansAdopted() {
    return (int) e.world().jobs().values().stream().mapToLong(j -> j.eventCount("job.orphan_adopted")).sum();
  }

  /** A node must show its newest job: the same job id, status, video presence and error message. */
  private int mirrorMismatches() {
    Map<String, WorldSnapshot.Job> newest = new TreeMap<>();
    Comparator<WorldSnapshot.Job> byCreation = Comparator.comparing(WorldSnapshot.Job::createdAt,
        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(WorldSnapshot.Job::id);
    for (WorldSnapshot.Job job : e.world().jobs().values()) {
      if (job.nodeId() != null) {
        newest.merge(job.nodeId(), job, (a, b) -> byCreation.compare(a, b) >= 0 ? a : b);
      }
    }
    int mismatches = 0;
    for (Map.Entry<String, WorldSnapshot.Job> entry : newest.entrySet()) {
      JsonNode node = e.world().nodes().get(entry.getKey());
      WorldSnapshot.Job job = entry.getValue();
      List<String> wrong = new ArrayList<>();
      if (node == null) {
        wrong.add("no nodes/" + entry.getKey() + " document");
      } else {
        compare(wrong, "job_id", WorldSnapshot.text(node.path("job_id")), job.id());
        compare(wrong, "status", WorldSnapshot.text(node.path("status")), job.status());
        compare(wrong, "video_url present", WorldSnapshot.text(node.path("data").path("video_url")) != null,
            job.videoUrl() != null);
        compare(wrong, "error_message", WorldSnapshot.text(node.path("error_message")), job.errorMessage());
      }
      if (!wrong.isEmpty()) {
        mismatches++;
        finding("node " + entry.getKey(), "mirror disagrees with its newest job " + job.id() + ": " + wrong);
      }
    }
    return mismatches;
  }

  /** Per user, the usage days must count exactly the completed jobs and their seconds. */
  private int usageMismatches() {
    Map<String, long[]> counted = new TreeMap<>();
    for (WorldSnapshot.UsageDay day : e.world().usage()) {
      long[] c = counted.computeIfAbsent(day.uid(), k -> new long[2]);
      c[0] += day.jobsCompleted();
      c[1] += day.secondsGenerated();
    }
    Map<String, long[]> expected = new TreeMap<>();
    for (WorldSnapshot.Job job : e.world().jobs().values()) {
      long[] c = expected.computeIfAbsent(job.owner(), k -> new long[2]);
      if (job.status().equals("COMPLETED")) {
        c[0]++;
        c[1] += job.durationSeconds();
      }
    }
    Set<String> users = new TreeSet<>(counted.keySet());
    users.addAll(expected.keySet());
    int mismatches = 0;
    for (String uid : users) {
      long[] got = counted.getOrDefault(uid, new long[2]);
      long[] want = expected.getOrDefault(uid, new long[2]);
      if (got[0] != want[0] || got[1] != want[1]) {
        mismatches++;
        finding("user " + uid, String.format(Locale.ROOT, "usage says %d jobs / %d s completed, the jobs say %d / %d s",
            got[0], got[1], want[0], want[1]));
      }
    }
    return mismatches;
  }

  private String lastDelivery(String jobId) {
    return e.history().deliveries().stream()
        .filter(d -> jobId.equals(d.jobId()))
        .reduce((a, b) -> b)
        .map(d -> "; last delivery " + d.taskId() + " → " + d.status() + " " + d.outcome() + " at "
            + seconds(Duration.ofMillis(d.atMs())))
        .orElse("; no delivery at all");
  }

  private static void compare(List<String> wrong, String field, Object got, Object want) {
    if (!Objects.equals(got, want)) {
      wrong.add(field + " " + got + " ≠ " + want);
    }
  }

  private void finding(String subject, String what) {
    findings.add(new Finding(e.trial(), subject, what));
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
  }
}
