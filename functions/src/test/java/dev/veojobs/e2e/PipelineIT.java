package dev.veojobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.tasks.v2.Task;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.stack.JobsApiClient;
import dev.veojobs.emulators.storage.StoredObject;
import dev.veojobs.emulators.tasks.DispatchRecord;
import dev.veojobs.emulators.veo.StartRecord;
import dev.veojobs.emulators.veo.VeoEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole pipeline on the local stack: a browser-shaped HTTP client, the three functions under
 * the Functions Framework invoker, and the Firestore, Cloud Tasks, Storage and Veo emulators, all
 * talked to through the official clients. Time is skipped on the shared clock, never slept.
 */
class PipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELED");
  private static final Duration JOB_MAX_SKIP = Duration.ofMinutes(5);

  private static PipelineStack pipeline;

  @BeforeAll
  static void startStack() {
    pipeline = new PipelineStack();
  }

  @AfterAll
  static void stopStack() {
    pipeline.close();
  }

  @AfterEach
  void drainLeftoverTasks() {
    pipeline.drain();
  }

  @Test
  void aJobGoesFromPendingToCompletedWithOneIdEverywhereAndAPlayableVideo() throws Exception {
    ContractCheckedApi api = pipeline.api("alice-happy");
    int firstDispatch = pipeline.dispatchCount();

    JsonNode created = api.accepted("""
        {"prompt":"a paper boat on a rainy street","node_id":"node-happy",
         "parameters":{"duration_seconds":4,"aspect_ratio":"9:16"}}""");
    String id = created.path("id").asText();
    assertThat(created.path("status").asText()).isEqualTo("PENDING");

    pipeline.settle();
    JsonNode processing = api.job(id);
    assertThat(processing.path("status").asText()).isEqualTo("PROCESSING");
    assertThat(processing.path("stage").asText()).isEqualTo("GENERATING");
    List<Task> queued = pipeline.queuedTasks();
    assertThat(queued).hasSize(1);
    assertThat(queued.get(0).getName()).endsWith("/tasks/" + id + "-poll-1");
    JsonNode body = JSON.readTree(queued.get(0).getHttpRequest().getBody().toByteArray());
    assertThat(body.path("job_id").asText()).isEqualTo(id);
    assertThat(body.path("step").asText()).isEqualTo("poll");

    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), JOB_MAX_SKIP, "finished");

    JsonNode done = api.job(id);
    assertThat(done.path("id").asText()).isEqualTo(id);
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("stage").asText()).isEqualTo("DONE");
    assertThat(done.path("progress").asInt()).isEqualTo(100);
    String objectName = "videos/alice-happy/" + id + ".mp4";
    assertThat(done.has("video_gcs_uri")).as("where the video is kept stays in Firestore").isFalse();
    assertThat(pipeline.document("jobs/" + id))
        .containsEntry("video_gcs_uri", "gs://" + pipeline.stack().bucket() + "/" + objectName);
    String url = done.path("video_url").asText();
    assertThat(url).startsWith(pipeline.stack().storageBaseUrl() + "/").doesNotStartWith("gs://")
        .contains("X-Goog-Signature=");

    HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    StoredObject stored = pipeline.stack().storage().object(pipeline.stack().bucket(), objectName).orElseThrow();
    assertThat(download.body()).isEqualTo(stored.data());
    Mp4Facts video = Mp4Facts.of(download.body());
    assertThat(video.firstBox()).isEqualTo("ftyp");
    assertThat(video.durationSeconds()).isEqualTo(4.0);
    assertThat(video.width()).isLessThan(video.height());

    Map<String, Object> document = pipeline.document("jobs/" + id);
    assertThat(document).containsEntry("status", "COMPLETED").containsEntry("owner_uid", "alice-happy")
        .containsEntry("node_id", "node-happy");
    List<StartRecord> starts = startsFor("a paper boat on a rainy street");
    assertThat(starts).hasSize(1);
    assertThat(document).containsEntry("operation_name", starts.get(0).operationName());

    Map<String, Object> node = pipeline.document("nodes/node-happy");
    assertThat(node).containsEntry("job_id", id).containsEntry("status", "COMPLETED");
    @SuppressWarnings("unchecked")
    Map<String, Object> nodeData = (Map<String, Object>) node.get("data");
    assertThat(nodeData).containsEntry("video_url", done.path("video_url").asText())
        .containsEntry("video_path", objectName).containsKey("video_url_expires_at");

    List<DispatchRecord> dispatches = pipeline.dispatchesSince(firstDispatch);
    assertThat(dispatches).extracting(DispatchRecord::taskId).allMatch(taskId -> taskId.startsWith(id + "-"))
        .contains(id + "-start", id + "-poll-1", id + "-finalize");
    assertThat(dispatches).filteredOn(d -> d.taskId().equals(id + "-finalize"))
        .extracting(DispatchRecord::url).allMatch(u -> u.startsWith(pipeline.stack().finalizerUrl()));

    List<QueryDocumentSnapshot> events = pipeline.events(id);
    assertThat(events).extracting(e -> e.getString("type"))
        .containsExactly("job.created", "job.started", "job.completed");
    assertThat(events).allMatch(e -> e.getReference().getParent().getParent().getId().equals(id));
  }

  @Test
  void aPollThatFindsVeoStillRunningWritesNothing() {
    ContractCheckedApi api = pipeline.api("bob-poll");
    String id = api.accepted("{\"prompt\":\"a lighthouse at dusk\"}").path("id").asText();
    pipeline.settle();
    assertThat(api.job(id).path("stage").asText()).isEqualTo("GENERATING");
    long writesBefore = pipeline.stack().firestore().writeCount();
    int firstDispatch = pipeline.dispatchCount();

    pipeline.skip(Duration.ofSeconds(16));

    assertThat(pipeline.dispatchesSince(firstDispatch))
        .extracting(DispatchRecord::taskId, DispatchRecord::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(id + "-poll-1", DispatchRecord.Outcome.SUCCEEDED));
    assertThat(pipeline.stack().firestore().writeCount()).isEqualTo(writesBefore);
    assertThat(pipeline.queuedTasks()).extracting(Task::getName).singleElement()
        .asString().endsWith("/tasks/" + id + "-poll-2");
    assertThat(api.job(id).path("stage").asText()).isEqualTo("GENERATING");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"prompt\":\"defaults one\"}",
      "{\"prompt\":\"defaults two\",\"parameters\":null}",
      "{\"prompt\":\"defaults three\",\"parameters\":{\"duration_seconds\":null,\"resolution\":null}}"})
  void missingOrNullParametersTakeTheDocumentedDefaults(String body) {
    JsonNode job = pipeline.api("carol-" + UUID.randomUUID()).accepted(body);

    JsonNode parameters = job.path("parameters");
    assertThat(parameters.path("duration_seconds").asInt()).isEqualTo(8);
    assertThat(parameters.path("aspect_ratio").asText()).isEqualTo("16:9");
    assertThat(parameters.path("resolution").asText()).isEqualTo("720p");
    assertThat(parameters.path("sample_count").asInt()).isEqualTo(1);
    assertThat(job.path("model").asText()).isEqualTo("veo-3.1-fast-generate-001");
    pipeline.settle();
    StartRecord start = startsFor(job.path("prompt").asText()).get(0);
    assertThat(start.parametersJson()).contains("\"durationSeconds\":8", "\"aspectRatio\":\"16:9\"",
        "\"resolution\":\"720p\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"prompt\":\"x\",\"colour\":\"red\"}                              | colour",
      "{\"prompt\":\"x\",\"parameters\":{\"duration_seconds\":\"8\"}}     | parameters.duration_seconds",
      "{\"prompt\":\"x\",\"parameters\":{\"duration_seconds\":5}}         | parameters.duration_seconds",
      "{\"prompt\":\"x\",\"parameters\":{\"aspect_ratio\":\"4:3\"}}       | parameters.aspect_ratio",
      "{\"prompt\":\"x\",\"parameters\":{\"sample_count\":9}}             | parameters.sample_count",
      "{\"prompt\":\"x\",\"parameters\":{\"fps\":24}}                     | parameters.fps",
      "{\"prompt\":42}                                                    | prompt"})
  void invalidBodiesAreRejectedNamingTheFieldAndCreateNothing(String body, String field) {
    int documents = pipeline.stack().firestore().documentCount();
    int queued = pipeline.stack().tasks().pendingTaskCount();

    JobsApiClient.Response response = pipeline.api("dave-invalid").create(body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().at("/error/code").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(response.body().at("/error/details")).extracting(d -> d.path("field").asText()).contains(field);
    assertThat(pipeline.stack().firestore().documentCount()).isEqualTo(documents);
    assertThat(pipeline.stack().tasks().pendingTaskCount()).isEqualTo(queued);
  }

  @Test
  void anIdempotencyKeyReplaysTheSameJobAndRefusesADifferentBody() {
    ContractCheckedApi api = pipeline.api("erin-idem");
    String key = "key-" + UUID.randomUUID();

    JobsApiClient.Response first = api.create("{\"prompt\":\"a red kite\"}", key);
    JobsApiClient.Response replay = api.create("{\"prompt\":\"a red kite\"}", key);
    JobsApiClient.Response other = api.create("{\"prompt\":\"a blue kite\"}", key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.body().at("/error/message").asText()).isNotBlank();
    assertThat(api.list("page_size=10").body().path("jobs")).hasSize(1);
    pipeline.settle();
    assertThat(startsFor("a red kite")).hasSize(1);
    assertThat(startsFor("a blue kite")).isEmpty();
  }

  @Test
  void duplicateAndLostDeliveriesStartVeoOnceAndCompleteOnce() {
    ContractCheckedApi api = pipeline.api("frank-dup");
    pipeline.stack().tasks().faults().deliverTwice(true).dropResponseAfterHandler(true);
    int firstDispatch = pipeline.dispatchCount();

    String id = api.accepted("{\"prompt\":\"a paper crane in the wind\"}").path("id").asText();
    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), JOB_MAX_SKIP, "finished");
    pipeline.drain();

    assertThat(api.job(id).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(startsFor("a paper crane in the wind")).hasSize(1);
    List<DispatchRecord> starts = pipeline.dispatchesSince(firstDispatch).stream()
        .filter(d -> d.taskId().equals(id + "-start")).toList();
    assertThat(starts).anyMatch(DispatchRecord::duplicate);
    assertThat(starts).anyMatch(d -> d.outcome() == DispatchRecord.Outcome.RESPONSE_DROPPED);
    assertThat(starts.stream().mapToInt(DispatchRecord::attempt).max().orElse(0)).isGreaterThan(1);
    assertThat(pipeline.dispatchesSince(firstDispatch)).filteredOn(d -> d.taskId().equals(id + "-finalize"))
        .hasSizeGreaterThan(1);
    assertThat(pipeline.events(id)).extracting(e -> e.getString("type"))
        .containsExactly("job.created", "job.started", "job.completed");
  }

  @Test
  void aQuotaErrorAtStartIsRetriedAndNeverFailsTheJob() {
    ContractCheckedApi api = pipeline.api("grace-quota");
    int firstDispatch = pipeline.dispatchCount();
    List<String> seen = new ArrayList<>();

    String id = api.accepted("{\"prompt\":\"a hot air balloon [quota]\"}").path("id").asText();
    pipeline.driveUntil(() -> {
      String status = api.job(id).path("status").asText();
      seen.add(status);
      return TERMINAL.contains(status);
    }, JOB_MAX_SKIP, "finished");

    assertThat(seen).doesNotContain("FAILED").endsWith("COMPLETED");
    List<DispatchRecord> starts = pipeline.dispatchesSince(firstDispatch).stream()
        .filter(d -> d.taskId().equals(id + "-start")).toList();
    assertThat(starts).extracting(DispatchRecord::responseStatus).hasSize(3).last().isEqualTo(200);
    assertThat(starts.subList(0, 2)).extracting(DispatchRecord::responseStatus).allMatch(s -> s == 429 || s == 503);
    assertThat(startsFor("a hot air balloon [quota]")).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[safety]   | SAFETY_FILTERED   | safety",
      "[no-video] | NO_VIDEO          | without returning a video",
      "[error]    | GENERATION_FAILED | Internal error encountered."})
  void veoFailuresEndTheJobFailedWithTheirCodeAndAReadableMessage(String marker, String code, String says) {
    String uid = "henry-" + code.toLowerCase();
    ContractCheckedApi api = pipeline.api(uid);
    String prompt = "a city at night " + marker;
    String node = "node-" + code.toLowerCase();

    String id = api.accepted("{\"prompt\":\"" + prompt + "\",\"node_id\":\"" + node + "\"}").path("id").asText();
    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), JOB_MAX_SKIP, "finished");

    JsonNode job = api.job(id);
    assertThat(job.path("status").asText()).isEqualTo("FAILED");
    assertThat(job.at("/error/code").asText()).isEqualTo(code);
    String message = job.at("/error/message").asText();
    assertThat(message).contains(says).doesNotContain("projects/").doesNotContain("gs://");
    assertThat(job.path("video_url").isNull() || job.path("video_url").isMissingNode()).isTrue();
    assertThat(startsFor(prompt)).hasSize(1);
    assertThat(pipeline.stack().storage().object(pipeline.stack().bucket(), "videos/" + uid + "/" + id + ".mp4"))
        .isEmpty();
    List<QueryDocumentSnapshot> events = pipeline.events(id);
    QueryDocumentSnapshot last = events.get(events.size() - 1);
    assertThat(last.getString("type")).isEqualTo("job.failed");
    assertThat(last.get("data.code")).isEqualTo(code);
    assertThat(pipeline.document("nodes/" + node)).containsEntry("status", "FAILED").containsEntry("job_id", id)
        .containsEntry("error_message", message);
  }

  @Test
  void aCanceledJobStaysCanceledAndIsNeverFinalized() {
    ContractCheckedApi api = pipeline.api("ivan-cancel");
    int firstDispatch = pipeline.dispatchCount();
    String id = api.accepted("{\"prompt\":\"a slow sunrise\"}").path("id").asText();
    pipeline.settle();
    assertThat(api.job(id).path("stage").asText()).isEqualTo("GENERATING");

    JobsApiClient.Response canceled = api.cancel(id);
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.body().path("status").asText()).isEqualTo("CANCELED");
    pipeline.skip(PipelineStack.VEO_LATENCY);
    pipeline.drain();

    assertThat(api.job(id).path("status").asText()).isEqualTo("CANCELED");
    JobsApiClient.Response again = api.cancel(id);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("status").asText()).isEqualTo("CANCELED");
    assertThat(pipeline.stack().storage().objects(pipeline.stack().bucket()))
        .extracting(StoredObject::name).noneMatch(name -> name.startsWith("videos/ivan-cancel/"));
    assertThat(pipeline.dispatchesSince(firstDispatch)).extracting(DispatchRecord::taskId)
        .doesNotContain(id + "-finalize");
    List<QueryDocumentSnapshot> events = pipeline.events(id);
    assertThat(events.get(events.size() - 1).getString("type")).isEqualTo("job.canceled");
  }

  /** Issue 9 item 9: the local stack runs the sweeper, so a job whose start task was lost still finishes. */
  @Test
  void aJobWhoseStartTaskWasLostIsRecoveredByTheLocalStacksSweeper() {
    ContractCheckedApi api = pipeline.api("lena-lost-task");
    pipeline.stack().tasks().faultPlans().add(FaultPlan.on("CreateTask").target("-start").fail("UNAVAILABLE").times(1));

    String id = api.accepted("{\"prompt\":\"a lighthouse in fog\"}").path("id").asText();
    pipeline.settle();
    assertThat(api.job(id).path("stage").asText()).as("no start task exists").isEqualTo("QUEUED");

    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), Duration.ofMinutes(12),
        "recovered");

    assertThat(api.job(id).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(pipeline.stack().sweepScheduler().sweeps()).isPositive();
    assertThat(startsFor("a lighthouse in fog")).hasSize(1);
  }

  @Test
  void aJobStillGeneratingAtItsDeadlineFailsWithDeadlineExceeded() {
    VeoEmulator veo = pipeline.stack().veo();
    Duration usual = veo.latency();
    veo.latency(Duration.ofHours(1));
    try {
      ContractCheckedApi api = pipeline.api("kate-deadline");
      String id = api.accepted("{\"prompt\":\"a very long take\"}").path("id").asText();
      pipeline.settle();
      assertThat(api.job(id).path("stage").asText()).isEqualTo("GENERATING");

      // The functions judge the deadline on their own clock: this only fails the job if the
      // stack carried the skip over to them.
      pipeline.skip(Duration.ofMinutes(21));
      pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), Duration.ofMinutes(1), "over");

      JsonNode job = api.job(id);
      assertThat(job.path("status").asText()).isEqualTo("FAILED");
      assertThat(job.at("/error/code").asText()).isEqualTo("DEADLINE_EXCEEDED");
      assertThat(job.at("/error/message").asText()).isEqualTo("The job did not finish within 20 minutes.");
      assertThat(startsFor("a very long take")).hasSize(1);
    } finally {
      veo.latency(usual);
    }
  }

  /**
   * Issue 11 items 3–6 end to end. Before: sample_count 2 was billed but one video kept and one
   * counted, the job answered its gs:// URI, the node's signed URL had no expiry, and webhooks were
   * the ending ones only.
   */
  @Test
  void everySampleIsStoredSignedCountedMirroredAndDeliveredAndNoAnswerCarriesAGsUri() throws Exception {
    List<String> webhooks = java.util.Collections.synchronizedList(new ArrayList<>());
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      webhooks.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      ContractCheckedApi api = pipeline.api("carol-samples");
      String hook = "http://localhost:" + receiver.getAddress().getPort() + "/hook";
      String id = api.accepted("""
          {"prompt":"two paper boats","node_id":"node-samples","webhook_url":"%s",
           "webhook_events":["started","completed"],
           "parameters":{"sample_count":2,"duration_seconds":4}}""".formatted(hook)).path("id").asText();

      pipeline.driveUntil(() -> "COMPLETED".equals(api.job(id).path("status").asText())
          && webhooks.stream().anyMatch(w -> w.contains("job.completed")), JOB_MAX_SKIP, "completed and delivered");

      JsonNode done = api.job(id);
      JsonNode videos = done.path("videos");
      assertThat(videos).hasSize(2);
      assertThat(done.path("video_url").asText()).isEqualTo(videos.get(0).path("url").asText());
      assertThat(videos.get(0).path("url").asText()).isNotEqualTo(videos.get(1).path("url").asText());
      String bucket = pipeline.stack().bucket();
      List<String> objects = List.of("videos/carol-samples/" + id + ".mp4", "videos/carol-samples/" + id + "-1.mp4");
      for (int i = 0; i < 2; i++) {
        JsonNode video = videos.get(i);
        assertThat(video.path("width").asInt()).isEqualTo(1280);
        assertThat(video.path("height").asInt()).isEqualTo(720);
        assertThat(video.path("duration_seconds").asInt()).isEqualTo(4);
        assertThat(video.path("expires_at").asText()).isNotBlank();
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(video.path("url").asText()))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pipeline.stack().storage().object(bucket, objects.get(i))
            .orElseThrow().data());
      }
      assertThat(pipeline.document("jobs/" + id)).containsEntry("video_gcs_uri", "gs://" + bucket + "/" + objects.get(0));

      String day = java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(
          java.time.LocalDate.ofInstant(pipeline.stack().clock().instant(), java.time.ZoneOffset.UTC));
      assertThat(pipeline.document("usage/carol-samples/days/" + day)).as("both samples are billed and counted")
          .containsEntry("seconds_generated", 8L);

      Map<String, Object> node = pipeline.document("nodes/node-samples");
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) node.get("data");
      assertThat(data).containsEntry("video_url", done.path("video_url").asText())
          .containsEntry("video_path", objects.get(0));
      assertThat(data.get("video_url_expires_at")).isNotNull();
      assertThat((List<?>) data.get("videos")).hasSize(2);

      List<JsonNode> delivered = webhooks.stream().map(PipelineIT::json).toList();
      assertThat(delivered).extracting(w -> w.path("type").asText()).containsExactly("job.started", "job.completed");
      assertThat(delivered.get(1).at("/data/videos")).hasSize(2);

      // Item 4: no answer and no webhook body names where a video is kept.
      List<String> answers = new ArrayList<>(webhooks);
      answers.add(api.get(id).text());
      answers.add(api.list("node_id=node-samples").text());
      answers.add(api.latestOfNode("node-samples").text());
      assertThat(answers).allSatisfy(text -> assertThat(text).doesNotContain("gs://"));
    } finally {
      receiver.stop(0);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  @Test
  void theLatestJobOfANodeIsTheNewestOne() {
    ContractCheckedApi api = pipeline.api("judy-latest");
    String older = api.accepted("{\"prompt\":\"first take\",\"node_id\":\"node-latest\"}").path("id").asText();
    pipeline.skip(Duration.ofSeconds(1));
    String newer = api.accepted("{\"prompt\":\"second take\",\"node_id\":\"node-latest\"}").path("id").asText();

    JobsApiClient.Response latest = api.latestOfNode("node-latest");

    assertThat(newer).isNotEqualTo(older);
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.body().path("id").asText()).isEqualTo(newer);
    assertThat(api.latestOfNode("node-nobody-used").status()).isEqualTo(404);
    api.cancel(older);
    api.cancel(newer);
  }

  /**
   * An extension through the whole stack: refused while its source has no video (409 naming the
   * field) and for another user (404); then a job whose Veo request carries the source's stored
   * video, whose video is the source plus 7 s, and which the node now shows as its newest job.
   */
  @Test
  void anExtensionContinuesTheSourcesVideoAndTheNodeFollowsIt() throws Exception {
    ContractCheckedApi api = pipeline.api("mia-extend");
    String source = api.accepted("""
        {"prompt":"a red kite","node_id":"node-extend","parameters":{"duration_seconds":4,"aspect_ratio":"9:16"}}""")
        .path("id").asText();

    JobsApiClient.Response early = api.extend(source, "{\"prompt\":\"the kite flies away\"}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().at("/error/code").asText()).isEqualTo("FAILED_PRECONDITION");
    assertThat(early.body().at("/error/details/0/field").asText()).isEqualTo("extend_from_job_id");

    pipeline.driveUntil(() -> api.job(source).path("status").asText().equals("COMPLETED"), JOB_MAX_SKIP, "source");
    String sourceVideo = String.valueOf(pipeline.document("jobs/" + source).get("video_gcs_uri"));
    assertThat(sourceVideo).as("kept in Firestore, never in an answer").startsWith("gs://");
    assertThat(pipeline.api("nina-other").extend(source, "{\"prompt\":\"mine now\"}").status()).isEqualTo(404);
    assertThat(api.extend(source, "{\"prompt\":\"x\",\"parameters\":{\"resolution\":\"1080p\"}}").body()
        .at("/error/details/0/field").asText()).isEqualTo("parameters.resolution");

    pipeline.skip(Duration.ofSeconds(1));
    JobsApiClient.Response extended = api.extend(source, "{\"prompt\":\"the kite flies away\"}");
    assertThat(extended.status()).isEqualTo(202);
    String id = extended.body().path("id").asText();
    assertThat(extended.body().path("source_job_id").asText()).isEqualTo(source);
    assertThat(extended.body().path("node_id").asText()).isEqualTo("node-extend");
    assertThat(extended.body().at("/parameters/aspect_ratio").asText()).isEqualTo("9:16");
    assertThat(api.latestOfNode("node-extend").body().path("id").asText()).isEqualTo(id);

    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), JOB_MAX_SKIP, "extension");
    JsonNode done = api.job(id);
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(JSON.readTree(startsFor("the kite flies away").get(0).instanceJson()).at("/video/gcsUri").asText())
        .isEqualTo(sourceVideo);
    assertThat(done.path("videos").get(0).path("duration_seconds").asInt()).as("the source's 4 s, then 7 s").isEqualTo(11);
    String object = String.valueOf(pipeline.document("jobs/" + id).get("video_gcs_uri"))
        .substring(("gs://" + pipeline.stack().bucket() + "/").length());
    byte[] video = pipeline.stack().storage().object(pipeline.stack().bucket(), object).orElseThrow().data();
    assertThat(Mp4Facts.of(video).durationSeconds()).as("the 4 s source, then 7 s").isEqualTo(11.0);
    assertThat(pipeline.document("nodes/node-extend")).containsEntry("job_id", id).containsEntry("status", "COMPLETED");
  }

  private static List<StartRecord> startsFor(String prompt) {
    return pipeline.stack().veo().starts().stream().filter(s -> prompt.equals(s.prompt())).toList();
  }
}
