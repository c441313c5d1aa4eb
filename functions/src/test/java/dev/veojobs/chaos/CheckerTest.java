package dev.veojobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veojobs.emulators.veo.StartRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The instrument itself: on a trial that kept every promise the checker counts nothing, and each
 * kind of broken promise moves exactly its own counter — so a 0 in the chaos report means "not
 * seen", not "not looked for".
 */
class CheckerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-09-01T10:00:00Z");
  private static final String WEBHOOK = "http://localhost:1/hooks";

  private final ArrayNode documents = JSON.createArrayNode();
  private final History history = new History(T0);
  private final List<StartRecord> starts = new ArrayList<>();
  private final List<WebhookReceiver.Receipt> receipts = new ArrayList<>();
  private final Set<String> paid = new java.util.HashSet<>();
  private Set<String> jobsWithTasks = Set.of();
  private Instant end = T0.plus(Duration.ofMinutes(5));

  @Test
  void aTrialThatKeptEveryPromiseCountsNothing() {
    completedJob("jobA", "u1", "node-1", 8);
    usage("u1", 1, 8);

    Verdict v = check();

    assertThat(v.accepted()).isEqualTo(1);
    assertThat(v.completed()).isEqualTo(1);
    assertThat(v.veoStarts()).isEqualTo(1);
    assertThat(v.promisesBroken()).isZero();
    assertThat(v.findings()).isEmpty();
  }

  @Test
  void aLiveJobWithNothingQueuedIsLostAndPastItsDeadlineAlsoStuck() {
    job("jobA", "u1", "PROCESSING", null, 6, null);
    end = T0.plus(Duration.ofMinutes(23));

    Verdict v = check();

    assertThat(v.lost()).isEqualTo(1);
    assertThat(v.stuck()).isEqualTo(1);
    assertThat(v.findings()).extracting(Verdict.Finding::what).anyMatch(w -> w.startsWith("lost: PROCESSING"));
  }

  @Test
  void aLiveJobWithATaskQueuedIsNotLost() {
    job("jobA", "u1", "PROCESSING", null, 6, null);
    jobsWithTasks = Set.of("jobA");

    assertThat(check().lost()).isZero();
  }

  @Test
  void aJobThatEndedMoreThanOneSweepAfterItsDeadlineWasStuck() {
    ObjectNode job = job("jobA", "u1", "FAILED", null, 6, null);
    job.putObject("error").put("code", "DEADLINE_EXCEEDED").put("message", "late");
    event("jobA", 2, "job.failed", T0.plus(Duration.ofMinutes(20 + 3)));

    Verdict v = check();

    assertThat(v.stuck()).isEqualTo(1);
    assertThat(v.failedByCode()).containsEntry("DEADLINE_EXCEEDED", 1);
  }

  @Test
  void onlyVeoOperationsThatProducedAVideoCountAsPaidDuplicates() {
    completedJob("jobA", "u1", null, 8);
    usage("u1", 1, 8);
    veoStart("jobA", 1, "op-second", true);
    veoStart("jobA", 2, "op-failed", false);

    Verdict v = check();

    assertThat(v.duplicatePaidStarts()).isEqualTo(1);
    assertThat(v.veoStarts()).isEqualTo(3);
  }

  @Test
  void aWebhookThatNeverArrivedSignedIsMissing() {
    completedJob("jobA", "u1", null, 8);
    usage("u1", 1, 8);
    receipts.clear();
    receipts.add(new WebhookReceiver.Receipt(T0, "msg_1", "job.completed", "jobA", false));

    Verdict v = check();

    assertThat(v.webhooksMissing()).isEqualTo(1);
    assertThat(v.findings()).extracting(Verdict.Finding::what).anyMatch(w -> w.contains("bad or missing signature"));
  }

  @Test
  void aCanceledJobIsOwedAJobCanceledWebhook() {
    ObjectNode job = job("jobA", "u1", "CANCELED", null, 8, WEBHOOK);
    job.put("video_url", (String) null);
    event("jobA", 2, "job.canceled", T0.plusSeconds(30));

    assertThat(check().webhooksMissing()).isEqualTo(1);
  }

  @Test
  void aNodeThatShowsAnOlderJobOrAnotherStatusDisagrees() {
    completedJob("jobA", "u1", "node-1", 8);
    usage("u1", 1, 8);
    node("node-1", "jobA", "PROCESSING", null);

    Verdict v = check();

    assertThat(v.mirrorMismatches()).isEqualTo(1);
    assertThat(v.findings()).extracting(Verdict.Finding::what).anyMatch(w -> w.contains("status PROCESSING ≠ COMPLETED"));
  }

  @Test
  void usageThatCountsASecondCompletionDisagrees() {
    completedJob("jobA", "u1", null, 8);
    usage("u1", 2, 16);

    assertThat(check().usageMismatches()).isEqualTo(1);
  }

  private Verdict check() {
    history.collect(List.of(), starts, receipts, Driver.DISPATCH_LOG_CAPACITY);
    return Checker.check(new Checker.Evidence(1, history, new WorldSnapshot(documents), jobsWithTasks, end, paid,
        Duration.ofMinutes(3)));
  }

  /** A job that completed properly: one paid start, its webhook received, its node showing it. */
  private void completedJob(String id, String uid, String nodeId, int seconds) {
    ObjectNode job = job(id, uid, "COMPLETED", nodeId, seconds, WEBHOOK);
    job.put("video_url", "https://storage.example/v.mp4?X-Goog-Signature=1");
    event(id, 2, "job.completed", T0.plusSeconds(150));
    veoStart(id, 1, "op-" + id, true);
    receipts.add(new WebhookReceiver.Receipt(T0.plusSeconds(151), "msg_" + id, "job.completed", id, true));
    if (nodeId != null) {
      node(nodeId, id, "COMPLETED", "https://storage.example/v.mp4?X-Goog-Signature=1");
    }
  }

  private ObjectNode job(String id, String uid, String status, String nodeId, int seconds, String webhookUrl) {
    history.accepted(id, uid);
    ObjectNode fields = document("jobs/" + id);
    fields.put("owner_uid", uid).put("status", status).put("node_id", nodeId)
        .put("created_at", T0.toString()).put("deadline_at", T0.plus(Duration.ofMinutes(20)).toString());
    ObjectNode request = fields.putObject("request");
    request.put("webhook_url", webhookUrl);
    request.putObject("parameters").put("duration_seconds", seconds);
    event(id, 1, "job.created", T0);
    return fields;
  }

  private void event(String jobId, int seq, String type, Instant at) {
    document("jobs/" + jobId + "/events/" + seq).put("seq", seq).put("type", type).put("at", at.toString());
  }

  private void node(String nodeId, String jobId, String status, String videoUrl) {
    ObjectNode fields = document("nodes/" + nodeId);
    fields.put("job_id", jobId).put("status", status).put("error_message", (String) null);
    fields.putObject("data").put("video_url", videoUrl);
  }

  private void usage(String uid, int completed, int seconds) {
    document("usage/" + uid + "/days/20260901").put("jobs_completed", completed).put("seconds_generated", seconds);
  }

  private void veoStart(String jobId, int attempt, String operation, boolean producedVideo) {
    starts.add(new StartRecord("veo-3.1-fast-generate-001", "a clip",
        "{\"storageUri\":\"gs://bucket/veo-output/" + jobId + "/" + attempt + "/\"}", operation, T0.plusSeconds(5)));
    if (producedVideo) {
      paid.add(operation);
    }
  }

  /** Adds (or replaces) a document and returns its fields to fill in. */
  private ObjectNode document(String path) {
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i).path("path").asText().equals(path)) {
        documents.remove(i);
        break;
      }
    }
    ObjectNode doc = documents.addObject();
    doc.put("path", path);
    return doc.putObject("fields");
  }
}
