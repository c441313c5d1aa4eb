package dev.veojobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veojobs.emulators.stack.JobsApiClient;
import dev.veojobs.emulators.storage.StoredObject;
import dev.veojobs.emulators.tasks.DispatchRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 part B through the real jobs-api on the local stack: {@code DELETE /v1/jobs/{id}} leaves
 * no document or object of the job behind and no late task brings it back, and
 * {@code GET /v1/jobs/{id}/events} pages through the job's history. Every answer is checked against
 * the OpenAPI document.
 */
class JobDeletionAndHistoryIT {
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELED");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

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
  void aFinishedJobIsDeletedWithItsVideoRawOutputUploadEventsAndNodeAndStaysDeleted() {
    ContractCheckedApi api = pipeline.api("dora-delete");
    String bucket = pipeline.stack().bucket();
    String upload = api.upload("{\"content_type\":\"image/png\"}").body().path("gcs_uri").asText();
    String uploadName = upload.substring(("gs://" + bucket + "/").length());
    pipeline.stack().storage().putObject(bucket, uploadName, PNG, "image/png");
    String id = api.accepted("""
        {"prompt":"a kite over dunes","node_id":"node-dora","parameters":{"duration_seconds":4},
         "image":{"gcs_uri":"%s","mime_type":"image/png"}}""".formatted(upload)).path("id").asText();
    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), Duration.ofMinutes(5), "finished");
    assertThat(api.job(id).path("status").asText()).isEqualTo("COMPLETED");
    assertThat(objectsOf(id)).as("the video and Veo's raw output exist before the delete").hasSizeGreaterThanOrEqualTo(2);
    assertThat(pipeline.document("nodes/node-dora")).containsEntry("job_id", id);

    JobsApiClient.Response deleted = api.delete(id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.text()).isEmpty();
    assertThat(objectsOf(id)).isEmpty();
    assertThat(pipeline.stack().storage().object(bucket, uploadName)).isEmpty();
    assertThat(pipeline.document("jobs/" + id)).isNull();
    assertThat(pipeline.events(id)).isEmpty();
    assertThat(pipeline.document("nodes/node-dora")).isNull();
    assertThat(api.get(id).status()).isEqualTo(404);
    assertThat(api.events(id, "").status()).isEqualTo(404);
    assertThat(api.delete(id).status()).as("deleting again is done, not an error").isEqualTo(204);
    assertThat(pipeline.api("eve-other").delete(id).status()).as("another user").isEqualTo(404);
    assertThat(api.delete("never-such-a-job").status()).isEqualTo(404);
  }

  @Test
  void aJobDeletedWhileGeneratingIsCanceledAndNoLateTaskBringsItBack() {
    ContractCheckedApi api = pipeline.api("fred-delete-live");
    int firstDispatch = pipeline.dispatchCount();
    String id = api.accepted("{\"prompt\":\"a train crossing a viaduct\"}").path("id").asText();
    pipeline.settle();
    assertThat(api.job(id).path("stage").asText()).isEqualTo("GENERATING");
    assertThat(pipeline.document("users/fred-delete-live")).containsEntry("in_flight", 1L);

    assertThat(api.delete(id).status()).isEqualTo(204);
    pipeline.skip(PipelineStack.VEO_LATENCY);
    pipeline.drain();
    pipeline.skip(Duration.ofMinutes(10)); // past the sweeper's stall and deadline checks
    pipeline.drain();

    assertThat(pipeline.document("jobs/" + id)).isNull();
    assertThat(pipeline.events(id)).isEmpty();
    assertThat(pipeline.document("users/fred-delete-live")).as("the cancel path released the slot")
        .containsEntry("in_flight", 0L);
    assertThat(pipeline.dispatchesSince(firstDispatch)).extracting(DispatchRecord::taskId)
        .doesNotContain(id + "-finalize");
    assertThat(objectsOf(id)).extracting(StoredObject::name).noneMatch(name -> name.startsWith("videos/"));
    assertThat(api.list("").body().path("jobs").findValuesAsText("id")).doesNotContain(id);
  }

  @Test
  void theHistoryPagesOldestFirstAndShowsNoStorageLocations() {
    ContractCheckedApi api = pipeline.api("gina-history");
    String id = api.accepted("{\"prompt\":\"a heron in reeds\",\"parameters\":{\"duration_seconds\":4}}")
        .path("id").asText();
    pipeline.driveUntil(() -> TERMINAL.contains(api.job(id).path("status").asText()), Duration.ofMinutes(5), "finished");

    List<JsonNode> events = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JobsApiClient.Response page = api.events(id, "page_size=1" + (token == null ? "" : "&page_token=" + token));
      assertThat(page.status()).isEqualTo(200);
      page.body().path("events").forEach(events::add);
      token = page.body().path("next_page_token").isNull() ? null : page.body().path("next_page_token").asText();
      pages++;
    } while (token != null && pages < 10);

    assertThat(events).extracting(e -> e.path("type").asText())
        .containsExactly("job.created", "job.started", "job.completed");
    assertThat(events).extracting(e -> e.path("seq").asInt()).containsExactly(1, 2, 3);
    assertThat(events.get(2).path("data").path("duration_seconds").asInt()).isEqualTo(4);
    assertThat(events.toString()).doesNotContain("gs://");
    assertThat(pipeline.api("hank-other").events(id, "").status()).isEqualTo(404);
  }

  /** Every object in the bucket that belongs to job {@code id}: its videos and Veo's output. */
  private static List<StoredObject> objectsOf(String id) {
    return pipeline.stack().storage().objects(pipeline.stack().bucket()).stream()
        .filter(o -> o.name().startsWith("veo-output/" + id + "/") || o.name().contains("/" + id + "."))
        .toList();
  }
}
