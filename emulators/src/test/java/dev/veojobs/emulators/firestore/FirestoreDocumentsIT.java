package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirestoreDocumentsIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension();

  private static final String ROOT = "projects/veo-jobs-test/databases/(default)/documents/";

  private Firestore db;

  @BeforeEach
  void connect() {
    db = env.client();
  }

  @Test
  void createRefusesAnExistingDocumentWithAlreadyExists() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.create(Map.of("status", "PENDING")).get();

    Status status = statusOf(() -> job.create(Map.of("status", "OTHER")).get());

    assertThat(status.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(status.getDescription()).isEqualTo("Document already exists: " + ROOT + "jobs/j1");
    assertThat(job.get().get().getString("status")).isEqualTo("PENDING");
  }

  @Test
  void everyValueTypeRoundTrips() throws Exception {
    DocumentReference doc = db.collection("types").document("all");
    Map<String, Object> data = new HashMap<>();
    data.put("string", "héllo");
    data.put("long", 42L);
    data.put("double", 2.5);
    data.put("bool", true);
    data.put("null", null);
    data.put("time", Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000));
    data.put("bytes", Blob.fromBytes(new byte[] {1, 2, (byte) 255}));
    data.put("geo", new GeoPoint(48.85, 2.35));
    data.put("array", List.of(1L, "two", 3.0));
    data.put("map", Map.of("nested", Map.of("deep", "yes")));
    data.put("ref", db.document("jobs/j1"));
    doc.set(data).get();

    DocumentSnapshot snapshot = doc.get().get();

    assertThat(snapshot.getString("string")).isEqualTo("héllo");
    assertThat(snapshot.getLong("long")).isEqualTo(42L);
    assertThat(snapshot.getDouble("double")).isEqualTo(2.5);
    assertThat(snapshot.getBoolean("bool")).isTrue();
    assertThat(snapshot.contains("null")).isTrue();
    assertThat(snapshot.get("null")).isNull();
    assertThat(snapshot.getTimestamp("time")).isEqualTo(Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 123_456_000));
    assertThat(snapshot.getBlob("bytes").toBytes()).containsExactly(1, 2, 255);
    assertThat(snapshot.getGeoPoint("geo")).isEqualTo(new GeoPoint(48.85, 2.35));
    assertThat(snapshot.get("array")).isEqualTo(List.of(1L, "two", 3.0));
    assertThat(snapshot.getString("map.nested.deep")).isEqualTo("yes");
    assertThat(snapshot.get("ref", DocumentReference.class).getPath()).isEqualTo("jobs/j1");
  }

  @Test
  void batchGetReportsFoundAndMissingDocuments() throws Exception {
    db.collection("jobs").document("a").set(Map.of("n", 1L)).get();

    List<DocumentSnapshot> snapshots =
        db.getAll(db.collection("jobs").document("a"), db.collection("jobs").document("missing")).get();

    assertThat(snapshots).hasSize(2);
    assertThat(snapshots.get(0).exists()).isTrue();
    assertThat(snapshots.get(0).getLong("n")).isEqualTo(1L);
    assertThat(snapshots.get(1).exists()).isFalse();
    assertThat(snapshots.get(1).getId()).isEqualTo("missing");
  }

  @Test
  void setReplacesTheWholeDocumentButMergeKeepsOtherFields() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.set(Map.of("a", 1L, "b", 2L, "nested", Map.of("x", 1L, "y", 2L))).get();

    job.set(Map.of("nested", Map.of("x", 10L), "c", 3L), SetOptions.merge()).get();
    assertThat(job.get().get().getData())
        .isEqualTo(Map.of("a", 1L, "b", 2L, "c", 3L, "nested", Map.of("x", 10L, "y", 2L)));

    job.set(Map.of("a", 100L, "b", 200L), SetOptions.mergeFields("a")).get();
    assertThat(job.get().get().getLong("a")).isEqualTo(100L);
    assertThat(job.get().get().getLong("b")).isEqualTo(2L);

    job.set(Map.of("only", true)).get();
    assertThat(job.get().get().getData()).isEqualTo(Map.of("only", true));
  }

  @Test
  void updateChangesNamedFieldsAndDeletesWithFieldValueDelete() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.set(Map.of("status", "PENDING", "request", Map.of("seed", 1L, "model", "veo"), "gone", "x")).get();

    job.update("request.seed", 2L, "gone", FieldValue.delete()).get();

    assertThat(job.get().get().getData())
        .isEqualTo(Map.of("status", "PENDING", "request", Map.of("seed", 2L, "model", "veo")));
  }

  @Test
  void updateOfAMissingDocumentIsNotFound() {
    Status status = statusOf(() -> db.collection("jobs").document("nope").update("status", "X").get());

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).isEqualTo("No document to update: " + ROOT + "jobs/nope");
    assertThat(env.emulator().documentCount()).isZero();
  }

  @Test
  void staleUpdateTimePreconditionFailsAndCurrentOneSucceeds() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    Timestamp first = job.set(Map.of("v", 1L)).get().getUpdateTime();
    Timestamp second = job.update("v", 2L).get().getUpdateTime();
    assertThat(second).isGreaterThan(first);

    Status stale = statusOf(() -> job.update(Map.of("v", 3L), Precondition.updatedAt(first)).get());
    assertThat(stale.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(stale.getDescription()).contains("does not match the required base version");
    Status staleDelete = statusOf(() -> job.delete(Precondition.updatedAt(first)).get());
    assertThat(staleDelete.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);

    job.update(Map.of("v", 3L), Precondition.updatedAt(second)).get();
    assertThat(job.get().get().getLong("v")).isEqualTo(3L);
  }

  @Test
  void deleteRemovesTheDocumentAndDeletingAMissingOneIsFine() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.set(Map.of("v", 1L)).get();

    job.delete().get();
    db.collection("jobs").document("never").delete().get();

    assertThat(job.get().get().exists()).isFalse();
    assertThat(env.emulator().documentCount()).isZero();
  }

  @Test
  void aDeleteResultCarriesNoUpdateTime() throws Exception {
    db.collection("jobs").document("gone").set(Map.of("v", 1L)).get();
    env.clock().advance(Duration.ofMinutes(1));
    Instant now = env.clock().instant();

    BulkWriter writer = db.bulkWriter();
    ApiFuture<WriteResult> deleted = writer.delete(db.collection("jobs").document("gone"));
    ApiFuture<WriteResult> written = writer.set(db.collection("jobs").document("kept"), Map.of("v", 1L));
    writer.close();

    // Production leaves update_time unset after a delete; BulkWriter (BatchWrite) shows that as the epoch.
    assertThat(deleted.get().getUpdateTime()).isEqualTo(Timestamp.ofTimeSecondsAndNanos(0, 0));
    assertThat(written.get().getUpdateTime().toDate().toInstant()).isEqualTo(now);
  }

  @Test
  void serverTimestampsAndDocumentTimesComeFromTheEmulatorClock() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    Instant created = env.clock().instant();
    job.set(Map.of("created_at", FieldValue.serverTimestamp(), "updated_at", FieldValue.serverTimestamp())).get();

    env.clock().advance(Duration.ofMinutes(5));
    job.update("updated_at", FieldValue.serverTimestamp()).get();

    DocumentSnapshot snapshot = job.get().get();
    assertThat(snapshot.getTimestamp("created_at").toDate().toInstant()).isEqualTo(created);
    assertThat(snapshot.getTimestamp("updated_at").toDate().toInstant()).isEqualTo(created.plus(Duration.ofMinutes(5)));
    assertThat(snapshot.getCreateTime().toDate().toInstant()).isEqualTo(created);
    assertThat(snapshot.getUpdateTime().toDate().toInstant()).isEqualTo(created.plus(Duration.ofMinutes(5)));
  }

  @Test
  void updateTimesStayDistinctWhileTheClockStandsStill() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    Timestamp first = job.set(Map.of("v", 1L)).get().getUpdateTime();
    Timestamp second = job.set(Map.of("v", 2L)).get().getUpdateTime();
    Timestamp unchanged = job.set(Map.of("v", 2L)).get().getUpdateTime();

    assertThat(second).isGreaterThan(first);
    assertThat(unchanged).as("a write that changes nothing keeps the update time").isEqualTo(second);
  }

  @Test
  void incrementAddsIntegersAndDoublesAndStartsMissingFields() throws Exception {
    DocumentReference usage = db.collection("usage").document("u1");
    usage.set(Map.of("jobs", 5L, "seconds", 1.5, "text", "x")).get();

    usage.update("jobs", FieldValue.increment(2), "seconds", FieldValue.increment(2.25),
        "fresh", FieldValue.increment(7), "text", FieldValue.increment(1)).get();
    usage.update("jobs", FieldValue.increment(0.5)).get();

    DocumentSnapshot snapshot = usage.get().get();
    assertThat(snapshot.get("jobs")).isEqualTo(7.5);
    assertThat(snapshot.get("seconds")).isEqualTo(3.75);
    assertThat(snapshot.get("fresh")).isEqualTo(7L);
    assertThat(snapshot.get("text")).isEqualTo(1L);
  }

  @Test
  void arrayUnionAddsOnlyMissingElementsAndArrayRemoveDropsEveryMatch() throws Exception {
    DocumentReference doc = db.collection("tags").document("t");
    doc.set(Map.of("tags", Arrays.asList("a", 1L, "b", 1L))).get();

    doc.update("tags", FieldValue.arrayUnion("b", "c", 1.0, "c")).get();
    assertThat(doc.get().get().get("tags")).isEqualTo(List.of("a", 1L, "b", 1L, "c"));

    doc.update("tags", FieldValue.arrayRemove(1.0, "a")).get();
    assertThat(doc.get().get().get("tags")).isEqualTo(List.of("b", "c"));

    doc.update("new", FieldValue.arrayUnion("x"), "other", FieldValue.arrayRemove("y")).get();
    assertThat(doc.get().get().get("new")).isEqualTo(List.of("x"));
    assertThat(doc.get().get().get("other")).isEqualTo(List.of());
  }

  @Test
  void aBatchCommitsAllWritesOrNone() throws Exception {
    db.collection("jobs").document("taken").set(Map.of("v", 0L)).get();
    long commitsBefore = env.emulator().commitCount();
    long writesBefore = env.emulator().writeCount();

    WriteBatch failing = db.batch();
    failing.set(db.collection("jobs").document("a"), Map.of("v", 1L));
    failing.update(db.collection("jobs").document("taken"), "v", 1L);
    failing.create(db.collection("jobs").document("taken"), Map.of("v", 2L));
    Status status = statusOf(() -> failing.commit().get());

    assertThat(status.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(db.collection("jobs").document("a").get().get().exists()).isFalse();
    assertThat(db.collection("jobs").document("taken").get().get().getLong("v")).isZero();
    assertThat(env.emulator().commitCount()).isEqualTo(commitsBefore);
    assertThat(env.emulator().writeCount()).isEqualTo(writesBefore);

    WriteBatch good = db.batch();
    good.set(db.collection("jobs").document("a"), Map.of("v", 1L));
    good.update(db.collection("jobs").document("taken"), "v", FieldValue.increment(1));
    good.delete(db.collection("jobs").document("b"));
    List<WriteResult> results = good.commit().get();

    assertThat(results).hasSize(3);
    assertThat(results.get(0).getUpdateTime()).isEqualTo(results.get(1).getUpdateTime());
    assertThat(db.collection("jobs").document("taken").get().get().getLong("v")).isEqualTo(1L);
    assertThat(env.emulator().commitCount()).isEqualTo(commitsBefore + 1);
    assertThat(env.emulator().writeCount()).isEqualTo(writesBefore + 3);
  }

  @Test
  void projectsAreIsolated() throws Exception {
    env.client("other-project").collection("jobs").document("j1").set(Map.of("p", "other")).get();

    assertThat(db.collection("jobs").document("j1").get().get().exists()).isFalse();
    assertThat(env.emulator().document("other-project", "jobs/j1")).contains(Map.of("p", "other"));
  }
}
