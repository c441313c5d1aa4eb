package dev.veojobs.emulators.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.protobuf.Int64Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirestoreQueriesIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension();

  private Firestore db;
  private CollectionReference jobs;

  @BeforeEach
  void seed() throws Exception {
    db = env.client();
    jobs = db.collection("jobs");
    job("a", "u1", "PENDING", 1L, 1, List.of("x", "y"));
    job("b", "u1", "COMPLETED", 2.5, 2, List.of("y"));
    job("c", "u2", "FAILED", 3L, 3, List.of());
    job("d", "u2", "PENDING", null, 4, null);
    Map<String, Object> noStatus = new HashMap<>();
    noStatus.put("owner", "u3");
    noStatus.put("created_at", at(5));
    jobs.document("e").set(noStatus).get();
  }

  private void job(String id, String owner, String status, Object priority, int minute, List<String> tags)
      throws Exception {
    Map<String, Object> data = new HashMap<>();
    data.put("owner", owner);
    data.put("status", status);
    data.put("priority", priority);
    data.put("created_at", at(minute));
    if (tags != null) {
      data.put("tags", tags);
    }
    jobs.document(id).set(data).get();
  }

  private static Timestamp at(int minute) {
    return Timestamp.ofTimeSecondsAndNanos(1_772_000_000L + minute * 60L, 0);
  }

  private static List<String> ids(Query query) throws Exception {
    List<String> ids = new ArrayList<>();
    for (QueryDocumentSnapshot doc : query.get().get()) {
      ids.add(doc.getId());
    }
    return ids;
  }

  @Test
  void equalityAndInequalityFilters() throws Exception {
    assertThat(ids(jobs.whereEqualTo("owner", "u1"))).containsExactly("a", "b");
    assertThat(ids(jobs.whereNotEqualTo("status", "PENDING")))
        .as("!= skips documents without the field and orders by it").containsExactly("b", "c");
    assertThat(ids(jobs.whereLessThan("priority", 3))).containsExactly("a", "b");
    assertThat(ids(jobs.whereLessThanOrEqualTo("priority", 2.5))).containsExactly("a", "b");
    assertThat(ids(jobs.whereGreaterThan("priority", 1))).containsExactly("b", "c");
    assertThat(ids(jobs.whereGreaterThanOrEqualTo("priority", 1.0))).containsExactly("a", "b", "c");
    assertThat(ids(jobs.whereGreaterThan("created_at", at(3)))).containsExactly("d", "e");
  }

  @Test
  void inNotInAndArrayFilters() throws Exception {
    assertThat(ids(jobs.whereIn("status", List.of("PENDING", "FAILED")))).containsExactly("a", "c", "d");
    assertThat(ids(jobs.whereNotIn("status", List.of("PENDING")))).containsExactly("b", "c");
    assertThat(ids(jobs.whereArrayContains("tags", "y"))).containsExactly("a", "b");
    assertThat(ids(jobs.whereArrayContainsAny("tags", List.of("x", "z")))).containsExactly("a");
  }

  @Test
  void nullFiltersAndCompositeAndOr() throws Exception {
    assertThat(ids(jobs.whereEqualTo("priority", null))).containsExactly("d");
    assertThat(ids(jobs.whereNotEqualTo("priority", null))).containsExactly("a", "b", "c");
    assertThat(ids(jobs.where(Filter.or(Filter.equalTo("owner", "u3"), Filter.equalTo("status", "FAILED")))))
        .containsExactly("c", "e");
    assertThat(ids(jobs.where(Filter.and(Filter.equalTo("owner", "u2"), Filter.equalTo("status", "PENDING")))))
        .containsExactly("d");
    assertThat(ids(jobs.where(Filter.or(
        Filter.and(Filter.equalTo("owner", "u1"), Filter.greaterThan("priority", 2)),
        Filter.arrayContains("tags", "x")))))
        .containsExactly("a", "b");
  }

  @Test
  void orderByLimitOffsetAndLimitToLast() throws Exception {
    assertThat(ids(jobs)).containsExactly("a", "b", "c", "d", "e");
    assertThat(ids(jobs.orderBy("owner", Query.Direction.DESCENDING).orderBy("created_at")))
        .containsExactly("e", "c", "d", "a", "b");
    assertThat(ids(jobs.orderBy("status")))
        .as("documents without the ordered field are left out; ties go by name")
        .containsExactly("b", "c", "a", "d");
    assertThat(ids(jobs.orderBy("created_at", Query.Direction.DESCENDING).limit(2))).containsExactly("e", "d");
    assertThat(ids(jobs.orderBy("created_at").offset(1).limit(2))).containsExactly("b", "c");
    assertThat(ids(jobs.orderBy("created_at").limitToLast(2))).containsExactly("d", "e");
  }

  @Test
  void cursors() throws Exception {
    Query byTime = jobs.orderBy("created_at");
    assertThat(ids(byTime.startAt(at(2)))).containsExactly("b", "c", "d", "e");
    assertThat(ids(byTime.startAfter(at(2)))).containsExactly("c", "d", "e");
    assertThat(ids(byTime.endAt(at(4)))).containsExactly("a", "b", "c", "d");
    assertThat(ids(byTime.endBefore(at(4)))).containsExactly("a", "b", "c");
    assertThat(ids(byTime.startAt(at(2)).endBefore(at(4)))).containsExactly("b", "c");

    DocumentSnapshot a = jobs.document("a").get().get();
    assertThat(ids(jobs.orderBy("owner").startAfter(a)))
        .as("a snapshot cursor breaks ties by document name").containsExactly("b", "c", "d", "e");
    assertThat(ids(jobs.orderBy("owner", Query.Direction.DESCENDING).endBefore(a)))
        .as("the implicit __name__ order takes the direction of the last order by")
        .containsExactly("e", "d", "c", "b");
  }

  @Test
  void collectionGroupQueriesSpanEveryParent() throws Exception {
    jobs.document("a").collection("events").document("1").set(Map.of("type", "created")).get();
    jobs.document("b").collection("events").document("1").set(Map.of("type", "completed")).get();
    db.collection("other").document("x").collection("events").document("9").set(Map.of("type", "x")).get();
    db.collection("events").document("top").set(Map.of("type", "top")).get();

    List<String> paths = new ArrayList<>();
    for (QueryDocumentSnapshot doc : db.collectionGroup("events").get().get()) {
      paths.add(doc.getReference().getPath());
    }

    assertThat(paths).containsExactly("events/top", "jobs/a/events/1", "jobs/b/events/1", "other/x/events/9");
    assertThat(ids(jobs.document("a").collection("events"))).containsExactly("1");
    assertThat(ids(db.collectionGroup("events").whereEqualTo("type", "completed"))).containsExactly("1");
  }

  @Test
  void selectReturnsOnlyTheNamedFields() throws Exception {
    List<QueryDocumentSnapshot> docs = jobs.select("owner").whereEqualTo("owner", "u1").get().get().getDocuments();

    assertThat(docs).hasSize(2);
    assertThat(docs.get(0).getData()).isEqualTo(Map.of("owner", "u1"));
  }

  @Test
  void crossTypeOrderingFollowsFirestore() throws Exception {
    CollectionReference mixed = db.collection("mixed");
    Object[] ascending = {
        null, false, true, Double.NaN, Double.NEGATIVE_INFINITY, -5L, 0.5, 1L, 1.0, 1.5,
        Timestamp.ofTimeSecondsAndNanos(0, 0), "", "a", "b", Blob.fromBytes(new byte[] {0}),
        db.document("a/b"), new GeoPoint(0, 0), List.of(1L), Map.of("a", 1L)
    };
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ascending.length; i++) {
      // Names sort the opposite way to the values, so only the value order can produce the expected order.
      String id = String.format("v%02d", ascending.length - i);
      Map<String, Object> data = new HashMap<>();
      data.put("v", ascending[i]);
      mixed.document(id).set(data).get();
      expected.add(id);
    }
    // 1 and 1.0 are equal, so those two fall back to name order.
    int one = expected.indexOf(String.format("v%02d", ascending.length - 7));
    expected.set(one, String.format("v%02d", ascending.length - 8));
    expected.set(one + 1, String.format("v%02d", ascending.length - 7));

    assertThat(ids(mixed.orderBy("v"))).containsExactlyElementsOf(expected);
    assertThat(ids(mixed.whereGreaterThan("v", 0)))
        .as("range filters only match values of the same type")
        .containsExactly(expected.get(6), expected.get(7), expected.get(8), expected.get(9));
    assertThat(ids(mixed.whereEqualTo("v", Double.NaN))).containsExactly(expected.get(3));
    assertThat(ids(mixed.whereEqualTo("v", 1L))).containsExactlyInAnyOrder(expected.get(7), expected.get(8));
    assertThat(ids(mixed.whereEqualTo("v", null))).containsExactly(expected.get(0));
  }

  @Test
  void countSumAndAverage() throws Exception {
    assertThat(jobs.count().get().get().getCount()).isEqualTo(5);
    assertThat(jobs.whereEqualTo("owner", "u1").count().get().get().getCount()).isEqualTo(2);
    assertThat(jobs.limit(3).count().get().get().getCount()).isEqualTo(3);

    AggregateQuerySnapshot totals =
        jobs.aggregate(AggregateField.sum("priority"), AggregateField.average("priority")).get().get();
    assertThat(totals.get(AggregateField.sum("priority"))).isEqualTo(6.5);
    assertThat(totals.get(AggregateField.average("priority"))).isEqualTo(6.5 / 3);
  }

  @Test
  void countWithUpToStopsCounting() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(env.emulator().hostAndPort()).usePlaintext().build();
    try {
      var response = FirestoreGrpc.newBlockingStub(channel).runAggregationQuery(RunAggregationQueryRequest.newBuilder()
          .setParent("projects/veo-jobs-test/databases/(default)/documents")
          .setStructuredAggregationQuery(StructuredAggregationQuery.newBuilder()
              .setStructuredQuery(StructuredQuery.newBuilder()
                  .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("jobs")))
              .addAggregations(StructuredAggregationQuery.Aggregation.newBuilder()
                  .setAlias("n")
                  .setCount(StructuredAggregationQuery.Aggregation.Count.newBuilder()
                      .setUpTo(Int64Value.of(3)))))
          .build()).next();

      assertThat(response.getResult().getAggregateFieldsMap().get("n").getIntegerValue()).isEqualTo(3);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void severalAggregationsOnlySeeDocumentsThatHaveEveryAggregatedField() throws Exception {
    CollectionReference scores = db.collection("scores");
    scores.document("both").set(Map.of("a", 1L, "b", 10L)).get();
    scores.document("only-a").set(Map.of("a", 2L)).get();
    scores.document("only-b").set(Map.of("b", 20L)).get();

    AggregateQuerySnapshot together =
        scores.aggregate(AggregateField.count(), AggregateField.sum("a"), AggregateField.sum("b")).get().get();
    AggregateQuerySnapshot countAndA = scores.aggregate(AggregateField.count(), AggregateField.sum("a")).get().get();

    assertThat(together.getCount()).as("only 'both' is in an index with a and b").isEqualTo(1);
    assertThat(together.get(AggregateField.sum("a"))).isEqualTo(1L);
    assertThat(together.get(AggregateField.sum("b"))).isEqualTo(10L);
    assertThat(countAndA.getCount()).isEqualTo(2);
    assertThat(countAndA.get(AggregateField.sum("a"))).isEqualTo(3L);
    assertThat(scores.aggregate(AggregateField.sum("b")).get().get().get(AggregateField.sum("b"))).isEqualTo(30L);
  }

  @Test
  void anIntegerSumStaysAnIntegerWhenOnlyAnIntermediateSumOverflows() throws Exception {
    CollectionReference big = db.collection("big");
    big.document("a").set(Map.of("n", Long.MAX_VALUE)).get();
    big.document("b").set(Map.of("n", 1L)).get();
    big.document("c").set(Map.of("n", -2L)).get();

    Object fits = big.aggregate(AggregateField.sum("n")).get().get().get(AggregateField.sum("n"));
    big.document("c").delete().get();
    Object overflows = big.aggregate(AggregateField.sum("n")).get().get().get(AggregateField.sum("n"));

    assertThat(fits).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(overflows).as("a final sum past 64 bits is a double").isInstanceOf(Double.class)
        .isEqualTo((double) Long.MAX_VALUE + 1);
  }

  @Test
  void onlyEqualityNotEqualAndIsNanFiltersMatchNaN() throws Exception {
    CollectionReference xs = db.collection("xs");
    xs.document("nan").set(Map.of("x", Double.NaN)).get();
    xs.document("one").set(Map.of("x", 1L)).get();
    xs.document("three").set(Map.of("x", 3.0)).get();

    assertThat(ids(xs.whereLessThan("x", 2))).containsExactly("one");
    assertThat(ids(xs.whereLessThanOrEqualTo("x", 2))).containsExactly("one");
    assertThat(ids(xs.whereGreaterThanOrEqualTo("x", Double.NEGATIVE_INFINITY))).containsExactly("one", "three");
    assertThat(ids(xs.whereNotEqualTo("x", 3))).containsExactly("nan", "one");
    assertThat(ids(xs.whereEqualTo("x", Double.NaN))).containsExactly("nan");
    assertThat(ids(xs.orderBy("x"))).as("NaN still sorts first").containsExactly("nan", "one", "three");
  }

  @Test
  void numericIdsSortFirstAndByNumber() throws Exception {
    CollectionReference legacy = db.collection("legacy");
    for (String id : List.of("b", "__id10__", "a", "__id7__", "__id123__")) {
      legacy.document(id).set(Map.of("v", 1L)).get();
    }

    assertThat(ids(legacy)).containsExactly("__id7__", "__id10__", "__id123__", "a", "b");
    assertThat(ids(legacy.orderBy(FieldPath.documentId(), Query.Direction.DESCENDING)))
        .containsExactly("b", "a", "__id123__", "__id10__", "__id7__");
    assertThat(ids(legacy.whereGreaterThan(FieldPath.documentId(), "__id8__")))
        .containsExactly("__id10__", "__id123__", "a", "b");
    assertThat(ids(legacy.orderBy(FieldPath.documentId()).startAfter("__id7__").endBefore("a")))
        .containsExactly("__id10__", "__id123__");
  }
}
