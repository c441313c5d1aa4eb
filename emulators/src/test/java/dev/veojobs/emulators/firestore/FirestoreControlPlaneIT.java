package dev.veojobs.emulators.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirestoreControlPlaneIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Firestore db;

  @BeforeEach
  void connect() {
    db = env.client();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(env.emulator().adminEndpoint() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(env.emulator().adminEndpoint() + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> response = get("/_emulator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void documentsCanBeInspectedOverHttpAndFromJava() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("status", "PENDING", "attempt", 1L,
        "created_at", Timestamp.ofTimeSecondsAndNanos(1_772_000_000L, 0), "request", Map.of("seed", 42L))).get();
    db.collection("jobs").document("j2").set(Map.of("status", "DONE")).get();

    JsonNode doc = JSON.readTree(get("/_emulator/documents?path=jobs/j1").body());
    assertThat(doc.path("name").asText()).isEqualTo("projects/veo-jobs-test/databases/(default)/documents/jobs/j1");
    assertThat(doc.path("fields").path("status").asText()).isEqualTo("PENDING");
    assertThat(doc.path("fields").path("request").path("seed").asLong()).isEqualTo(42L);
    assertThat(doc.path("fields").path("created_at").asText())
        .isEqualTo(Instant.ofEpochSecond(1_772_000_000L).toString());
    assertThat(doc.path("update_time").asText()).isEqualTo(FirestoreEmulatorExtension.START.toString());

    JsonNode collection = JSON.readTree(get("/_emulator/documents?path=jobs").body());
    assertThat(collection.path("documents")).hasSize(2);
    assertThat(get("/_emulator/documents?path=jobs/missing").statusCode()).isEqualTo(404);
    assertThat(get("/_emulator/documents?path=projects/x/databases").statusCode()).isEqualTo(400);

    Map<String, Object> plain = env.emulator().document("veo-jobs-test", "jobs/j1").orElseThrow();
    assertThat(plain).containsEntry("status", "PENDING").containsEntry("attempt", 1L)
        .containsEntry("created_at", Instant.ofEpochSecond(1_772_000_000L))
        .containsEntry("request", Map.of("seed", 42L));
    assertThat(env.emulator().document("veo-jobs-test", "jobs/missing")).isEmpty();
    assertThat(env.emulator().documentCount()).isEqualTo(2);
  }

  @Test
  void statsCountCommitsAndWritesButNotReads() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();
    db.batch().set(db.collection("jobs").document("j2"), Map.of("v", 2L))
        .set(db.collection("jobs").document("j3"), Map.of("v", 3L)).commit().get();
    db.collection("jobs").document("j1").get().get();
    db.collection("jobs").whereEqualTo("v", 1L).get().get();

    JsonNode stats = JSON.readTree(get("/_emulator/stats").body());

    assertThat(stats.path("commits").asLong()).isEqualTo(2);
    assertThat(stats.path("writes").asLong()).isEqualTo(3);
    assertThat(stats.path("documents").asLong()).isEqualTo(3);
    assertThat(env.emulator().commitCount()).isEqualTo(2);
    assertThat(env.emulator().writeCount()).isEqualTo(3);
  }

  @Test
  void resetDropsEverything() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();

    HttpResponse<String> response = post("/_emulator/reset");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(db.collection("jobs").document("j1").get().get().exists()).isFalse();
    assertThat(env.emulator().documentCount()).isZero();
    assertThat(env.emulator().writeCount()).isZero();
    assertThat(get("/_emulator/reset").statusCode()).isEqualTo(405);
    assertThat(get("/_emulator/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void listingDocumentsAndCollections() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();
    db.collection("jobs").document("ghost").collection("events").document("1").set(Map.of("t", "x")).get();
    db.collection("nodes").document("n1").set(Map.of("v", 1L)).get();

    List<String> listed = new java.util.ArrayList<>();
    db.collection("jobs").listDocuments().forEach(ref -> listed.add(ref.getId()));
    List<String> roots = new java.util.ArrayList<>();
    db.listCollections().forEach(ref -> roots.add(ref.getId()));
    List<String> nested = new java.util.ArrayList<>();
    db.collection("jobs").document("ghost").listCollections().forEach(ref -> nested.add(ref.getId()));

    assertThat(listed).as("documents that only hold subcollections are listed too").containsExactly("ghost", "j1");
    assertThat(roots).containsExactly("jobs", "nodes");
    assertThat(nested).containsExactly("events");
  }

  @Test
  void recursiveDeleteRunsThroughBatchWrite() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();
    db.collection("jobs").document("j1").collection("events").document("1").set(Map.of("t", "x")).get();
    db.collection("jobs").document("j2").set(Map.of("v", 2L)).get();

    db.recursiveDelete(db.collection("jobs").document("j1")).get();

    assertThat(env.emulator().documentCount()).isEqualTo(1);
    assertThat(env.emulator().document("veo-jobs-test", "jobs/j2")).isPresent();
  }
}
