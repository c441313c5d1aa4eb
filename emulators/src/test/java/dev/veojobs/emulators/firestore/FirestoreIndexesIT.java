package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.grpc.Status;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirestoreIndexesIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension(indexesFile());

  @RegisterExtension
  static final FirestoreEmulatorExtension unenforced = new FirestoreEmulatorExtension();

  private static final String CREATE_COMPOSITE =
      "The query requires an index. You can create it here: "
          + "https://console.firebase.google.com/v1/r/project/veo-jobs-test/firestore/indexes?create_composite=";

  private Firestore db;
  private CollectionReference jobs;

  private static Path indexesFile() {
    try {
      return Path.of(FirestoreIndexesIT.class.getResource("/firestore/firestore.indexes.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void seed() throws Exception {
    db = env.client();
    jobs = db.collection("jobs");
    jobs.document("j1").set(Map.of("owner_uid", "u1", "node_id", "n1", "status", "PENDING", "stage", "QUEUED",
        "created_at", Timestamp.ofTimeSecondsAndNanos(100, 0), "updated_at", Timestamp.ofTimeSecondsAndNanos(100, 0),
        "prompt", "a cat")).get();
    jobs.document("j2").set(Map.of("owner_uid", "u1", "node_id", "n2", "status", "DONE", "stage", "DONE",
        "created_at", Timestamp.ofTimeSecondsAndNanos(200, 0), "updated_at", Timestamp.ofTimeSecondsAndNanos(300, 0),
        "prompt", "a dog")).get();
  }

  private static int size(Query query) throws Exception {
    return query.get().get().size();
  }

  @Test
  void singleFieldQueriesNeedNoDeclaredIndex() throws Exception {
    assertThat(size(jobs.whereEqualTo("owner_uid", "u1"))).isEqualTo(2);
    assertThat(size(jobs.orderBy("created_at", Query.Direction.DESCENDING))).isEqualTo(2);
    assertThat(size(jobs.whereGreaterThan("created_at", Timestamp.ofTimeSecondsAndNanos(150, 0)))).isEqualTo(1);
    assertThat(size(jobs.whereEqualTo("owner_uid", "u1").whereEqualTo("status", "DONE")))
        .as("equality filters on several fields merge single-field indexes").isEqualTo(1);
    assertThat(size(jobs.whereIn("status", java.util.List.of("DONE", "PENDING")).orderBy("status"))).isEqualTo(2);
  }

  @Test
  void declaredCompositeIndexesServeMatchingQueries() throws Exception {
    assertThat(size(jobs.whereEqualTo("owner_uid", "u1").orderBy("created_at", Query.Direction.DESCENDING)))
        .isEqualTo(2);
    assertThat(size(jobs.whereEqualTo("node_id", "n2").whereEqualTo("owner_uid", "u1")
        .orderBy("created_at", Query.Direction.DESCENDING)))
        .as("equality fields may come in any order").isEqualTo(1);
    assertThat(size(jobs.whereEqualTo("stage", "DONE")
        .whereLessThan("updated_at", Timestamp.ofTimeSecondsAndNanos(400, 0))))
        .as("a range filter orders by its field implicitly").isEqualTo(1);
    assertThat(jobs.whereEqualTo("owner_uid", "u1").orderBy("created_at", Query.Direction.DESCENDING)
        .count().get().get().getCount()).isEqualTo(2);
  }

  @Test
  void queriesWithoutAMatchingCompositeIndexAreRejectedAsInProduction() {
    for (Query query : new Query[] {
        jobs.whereEqualTo("owner_uid", "u1").orderBy("created_at"),
        jobs.whereEqualTo("status", "PENDING").orderBy("created_at", Query.Direction.DESCENDING),
        jobs.whereGreaterThan("created_at", Timestamp.ofTimeSecondsAndNanos(0, 0))
            .whereLessThan("updated_at", Timestamp.ofTimeSecondsAndNanos(999, 0)),
        jobs.whereEqualTo("owner_uid", "u1").whereEqualTo("status", "DONE")
            .orderBy("created_at", Query.Direction.DESCENDING),
        jobs.where(Filter.or(Filter.equalTo("status", "DONE"), Filter.equalTo("owner_uid", "u1")))
            .orderBy("created_at", Query.Direction.DESCENDING),
        jobs.orderBy("owner_uid").orderBy("created_at"),
    }) {
      Status status = statusOf(() -> query.get().get());
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription()).startsWith(CREATE_COMPOSITE);
    }
    Status count = statusOf(() -> jobs.whereEqualTo("status", "PENDING").orderBy("created_at").count().get().get());
    assertThat(count.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void theConsoleLinkDescribesTheMissingIndex() {
    Status status = statusOf(() -> jobs.whereEqualTo("status", "PENDING")
        .orderBy("created_at", Query.Direction.DESCENDING).get().get());

    String payload = status.getDescription().substring(CREATE_COMPOSITE.length());
    String decoded = new String(Base64.getDecoder().decode(payload), StandardCharsets.ISO_8859_1);
    assertThat(decoded)
        .contains("projects/veo-jobs-test/databases/(default)/collectionGroups/jobs/indexes/_")
        .contains("status")
        .contains("created_at")
        .contains("__name__");
    assertThat(decoded.indexOf("status")).isLessThan(decoded.indexOf("created_at"));
  }

  @Test
  void collectionGroupQueriesNeedCollectionGroupScopedIndexes() throws Exception {
    jobs.document("j1").collection("events").document("1")
        .set(Map.of("type", "created", "at", 1L, "seq", 1L)).get();
    jobs.document("j2").collection("events").document("1")
        .set(Map.of("type", "created", "at", 2L, "seq", 1L)).get();

    assertThat(size(db.collectionGroup("events"))).isEqualTo(2);
    assertThat(size(db.collectionGroup("events").orderBy("at"))).isEqualTo(2);
    assertThat(size(db.collectionGroup("events").whereEqualTo("type", "created").orderBy("at"))).isEqualTo(2);
    assertThat(size(jobs.document("j1").collection("events").orderBy("seq")))
        .as("collection scope keeps its automatic single-field indexes").isEqualTo(1);

    Status status = statusOf(() -> db.collectionGroup("events").orderBy("seq").get().get());
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription())
        .startsWith("The query requires a COLLECTION_GROUP_ASC index for collection events and field seq.")
        .contains("create_exemption=");
  }

  @Test
  void aFieldOverrideWithoutIndexesDisablesQueriesOnTheField() {
    Status status = statusOf(() -> jobs.whereEqualTo("prompt", "a cat").get().get());

    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).startsWith("The query requires an ASC index for collection jobs and field prompt.");
  }

  @Test
  void withoutAnIndexesFileEveryQueryRuns() throws Exception {
    Firestore free = unenforced.client();
    free.collection("jobs").document("j1").set(Map.of("status", "PENDING", "created_at", 1L)).get();

    assertThat(size(free.collection("jobs").whereEqualTo("status", "PENDING").orderBy("created_at"))).isEqualTo(1);
    assertThat(unenforced.emulator().enforcesIndexes()).isFalse();
    assertThat(env.emulator().enforcesIndexes()).isTrue();
  }
}
