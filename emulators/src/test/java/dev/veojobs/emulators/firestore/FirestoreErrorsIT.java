package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
}
