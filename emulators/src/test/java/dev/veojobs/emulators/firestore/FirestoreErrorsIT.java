package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentTransform;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteRequest;
import com.google.firestore.v1.WriteResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad requests get INVALID_ARGUMENT with a reason; methods outside the fidelity table get UNIMPLEMENTED. */
class FirestoreErrorsIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension();

  private static final String DATABASE = "projects/veo-jobs-test/databases/(default)";

  private Firestore db;
  private ManagedChannel channel;
  private FirestoreGrpc.FirestoreBlockingStub raw;

  @BeforeEach
  void connect() {
    db = env.client();
    channel = ManagedChannelBuilder.forTarget(env.emulator().hostAndPort()).usePlaintext().build();
    raw = FirestoreGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static void assertInvalid(ThrowingCallable call, String messagePart) {
    Status status = statusOf(call);
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains(messagePart);
  }

  @Test
  void badDocumentNamesAreInvalidArguments() {
    assertInvalid(() -> raw.getDocument(GetDocumentRequest.newBuilder()
        .setName(DATABASE + "/documents/jobs").build()), "even number of segments");
    assertInvalid(() -> raw.getDocument(GetDocumentRequest.newBuilder()
        .setName(DATABASE + "/documents/jobs//x").build()), "non-empty");
    assertInvalid(() -> raw.getDocument(GetDocumentRequest.newBuilder().setName("jobs/j1").build()),
        "expected projects/{project}/databases/{database}/documents");
    assertInvalid(() -> raw.batchGetDocuments(BatchGetDocumentsRequest.newBuilder().setDatabase(DATABASE)
        .addDocuments("projects/other/databases/(default)/documents/jobs/j1").build()).next(), "not in database");
  }

  @Test
  void malformedWritesAreInvalidArgumentsAndWriteNothing() {
    assertInvalid(() -> raw.commit(CommitRequest.newBuilder().setDatabase("nonsense").build()),
        "Invalid database name");
    assertInvalid(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .addWrites(Write.getDefaultInstance()).build()), "must set one of update, delete or transform");
    assertInvalid(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .addWrites(Write.newBuilder()
            .setUpdate(Document.newBuilder().setName(DATABASE + "/documents/jobs/j1"))
            .addUpdateTransforms(DocumentTransform.FieldTransform.newBuilder().setFieldPath("n")
                .setIncrement(Value.newBuilder().setStringValue("one"))))
        .build()), "needs a numeric operand");
    assertInvalid(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .addWrites(Write.newBuilder()
            .setUpdate(Document.newBuilder().setName(DATABASE + "/documents/jobs/j1"))
            .setUpdateMask(com.google.firestore.v1.DocumentMask.newBuilder().addFieldPaths("a..b")))
        .build()), "Invalid field path");
    assertThat(env.emulator().documentCount()).isZero();
  }

  @Test
  void malformedQueriesAreInvalidArguments() {
    assertInvalid(() -> raw.runQuery(RunQueryRequest.newBuilder().setParent(DATABASE + "/documents")
        .setStructuredQuery(StructuredQuery.getDefaultInstance()).build()).next(), "exactly one collection");
    assertInvalid(() -> raw.runQuery(RunQueryRequest.newBuilder().setParent(DATABASE + "/documents")
        .setStructuredQuery(StructuredQuery.newBuilder()
            .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("jobs"))
            .setWhere(StructuredQuery.Filter.newBuilder().setFieldFilter(StructuredQuery.FieldFilter.newBuilder()
                .setField(StructuredQuery.FieldReference.newBuilder().setFieldPath("status"))
                .setOp(StructuredQuery.FieldFilter.Operator.IN)
                .setValue(Value.newBuilder().setStringValue("PENDING"))))).build()).next(), "needs an array value");
    assertInvalid(() -> raw.runQuery(RunQueryRequest.newBuilder().setParent(DATABASE + "/documents/jobs")
        .setStructuredQuery(StructuredQuery.newBuilder()
            .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("events"))).build()).next(),
        "Invalid query parent");
  }

  @Test
  void listenIsUnimplemented() throws Exception {
    CompletableFuture<FirestoreException> failure = new CompletableFuture<>();
    var registration = db.collection("jobs").document("j1").addSnapshotListener((snapshot, error) -> {
      if (error != null) {
        failure.complete(error);
      }
    });
    try {
      Status status = statusOf(failure.get(10, TimeUnit.SECONDS));
      assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(status.getDescription()).isEqualTo(
          "Method google.firestore.v1.Firestore/Listen is not implemented by the Veo Jobs Firestore emulator");
    } finally {
      registration.remove();
    }
  }

  @Test
  void partitionQueryAndTheWriteStreamAreUnimplemented() throws Exception {
    Status partitions = statusOf(() -> db.collectionGroup("jobs").getPartitions(3).get());
    assertThat(partitions.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(partitions.getDescription()).contains("google.firestore.v1.Firestore/PartitionQuery");

    CompletableFuture<Throwable> writeFailure = new CompletableFuture<>();
    StreamObserver<WriteRequest> requests = FirestoreGrpc.newStub(channel).write(new StreamObserver<WriteResponse>() {
      @Override
      public void onNext(WriteResponse value) {}

      @Override
      public void onError(Throwable t) {
        writeFailure.complete(t);
      }

      @Override
      public void onCompleted() {
        writeFailure.complete(null);
      }
    });
    requests.onNext(WriteRequest.newBuilder().setDatabase(DATABASE).build());
    Status write = statusOf(writeFailure.get(10, TimeUnit.SECONDS));
    assertThat(write.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(write.getDescription()).contains("google.firestore.v1.Firestore/Write");
  }

  @Test
  void reservedIdsAreRefusedForCollectionsDocumentsAndQueries() throws Exception {
    Map<String, Object> data = Map.of("v", 1L);
    assertInvalid(() -> db.collection("__invalid__").document("x").set(data).get(), "reserved");
    assertInvalid(() -> db.collection("jobs").document("__invalid__").set(data).get(), "reserved");
    assertInvalid(() -> db.collection("jobs").document("__id7x__").create(data).get(), "reserved");
    assertInvalid(() -> db.collection("__invalid__").get().get(), "reserved");
    assertInvalid(() -> db.collectionGroup("__invalid__").get().get(), "reserved");
    assertInvalid(() -> db.collection("jobs").document("__x__").collection("events").get().get(), "reserved");
    assertInvalid(() -> db.collection("jobs").document("__x__").get().get(), "reserved");
    assertThat(env.emulator().documentCount()).isZero();

    db.collection("jobs").document("__id7__").set(data).get();
    assertThat(env.emulator().document("veo-jobs-test", "jobs/__id7__")).as("a numeric id is not reserved").isPresent();
  }

  @Test
  void moreThanFiveAggregationsAreRefused() throws Exception {
    CollectionReference jobs = db.collection("jobs");
    jobs.document("j1").set(Map.of("a", 1L, "b", 2L, "c", 3L)).get();

    assertInvalid(() -> jobs.aggregate(AggregateField.count(), AggregateField.sum("a"), AggregateField.sum("b"),
        AggregateField.sum("c"), AggregateField.average("a"), AggregateField.average("b")).get().get(), "5");
    assertThat(jobs.aggregate(AggregateField.count(), AggregateField.sum("a"), AggregateField.sum("b"),
        AggregateField.sum("c"), AggregateField.average("a")).get().get().getCount()).isEqualTo(1);
  }

  @Test
  void queriesPastFirestoresDisjunctionLimitsAreRefused() throws Exception {
    CollectionReference jobs = db.collection("jobs");
    jobs.document("j1").set(Map.of("n", 3L, "m", 1L, "tags", List.of(3L))).get();

    assertInvalid(() -> jobs.whereIn("n", numbers(31)).get().get(), "30");
    assertInvalid(() -> jobs.whereArrayContainsAny("tags", numbers(31)).get().get(), "30");
    assertInvalid(() -> jobs.whereNotIn("n", numbers(11)).get().get(), "10");
    assertInvalid(() -> jobs.where(Filter.and(equalities("m", 6), Filter.inArray("n", numbers(6)))).get().get(),
        "disjunctions");

    assertThat(jobs.whereIn("n", numbers(30)).get().get().size()).isEqualTo(1);
    assertThat(jobs.whereNotIn("n", numbers(10)).get().get().size()).isZero();
    assertThat(jobs.where(Filter.and(equalities("m", 5), Filter.inArray("n", numbers(6)))).get().get().size())
        .as("5 x 6 = 30 disjunctions is the limit, not past it").isEqualTo(1);
  }

  private static List<Object> numbers(int count) {
    return IntStream.range(0, count).mapToObj(i -> (Object) (long) i).toList();
  }

  private static Filter equalities(String field, int count) {
    return Filter.or(IntStream.range(0, count).mapToObj(i -> Filter.equalTo(field, (long) i + 1)).toArray(Filter[]::new));
  }
}
