package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.TransactionOptions;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.TransactionOptions.ReadWrite;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FirestoreTransactionsIT {
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

  @Test
  void tenConcurrentIncrementsAllLand() throws Exception {
    DocumentReference counter = db.collection("counters").document("c");
    counter.set(Map.of("n", 0L)).get();
    AtomicInteger attempts = new AtomicInteger();

    List<ApiFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(db.runTransaction(tx -> {
        attempts.incrementAndGet();
        long n = tx.get(counter).get().getLong("n");
        tx.update(counter, "n", n + 1);
        return null;
      }));
    }
    for (ApiFuture<Void> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }

    assertThat(counter.get().get().getLong("n")).isEqualTo(10L);
    assertThat(attempts.get()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void aWriteBetweenReadAndCommitAbortsTheTransactionAndTheClientRetries() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.set(Map.of("attempt", 1L)).get();
    Firestore other = env.client();
    AtomicInteger attempts = new AtomicInteger();

    long seen = db.runTransaction(tx -> {
      long attempt = tx.get(job).get().getLong("attempt");
      if (attempts.incrementAndGet() == 1) {
        other.collection("jobs").document("j1").update("attempt", 5L).get();
      }
      tx.update(job, "attempt", attempt + 1);
      return attempt;
    }).get();

    assertThat(attempts.get()).isEqualTo(2);
    assertThat(seen).isEqualTo(5L);
    assertThat(job.get().get().getLong("attempt")).isEqualTo(6L);
  }

  @Test
  void aConflictingCommitIsAbortedOnTheWire() {
    String name = DATABASE + "/documents/jobs/j1";
    ByteString first = begin();
    ByteString second = begin();
    read(first, name);
    read(second, name);

    raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE).setTransaction(first)
        .addWrites(set(name, 1L)).build());
    Status status = statusOf(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .setTransaction(second).addWrites(set(name, 2L)).build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(status.getDescription()).contains("contention");
    assertThat(env.emulator().document("veo-jobs-test", "jobs/j1")).contains(Map.of("n", 1L));
  }

  @Test
  void aFinishedTransactionCannotBeUsedAgain() {
    ByteString tx = begin();
    raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE).setTransaction(tx).build());

    Status status = statusOf(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .setTransaction(tx).addWrites(set(DATABASE + "/documents/jobs/j1", 1L)).build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("transaction has expired or is no longer valid");
    assertThat(env.emulator().documentCount()).isZero();
  }

  @Test
  void rollbackDiscardsTheTransaction() {
    ByteString tx = begin();
    read(tx, DATABASE + "/documents/jobs/j1");
    raw.rollback(RollbackRequest.newBuilder().setDatabase(DATABASE).setTransaction(tx).build());

    Status status = statusOf(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .setTransaction(tx).addWrites(set(DATABASE + "/documents/jobs/j1", 1L)).build()));

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(env.emulator().documentCount()).isZero();
  }

  @Test
  void aFailingTransactionFunctionRollsBackAndWritesNothing() throws Exception {
    DocumentReference job = db.collection("jobs").document("j1");
    job.set(Map.of("status", "PENDING")).get();
    long writesBefore = env.emulator().writeCount();

    Throwable failure = catchThrowable(() -> db.runTransaction(tx -> {
      tx.get(job).get();
      tx.update(job, "status", "COMPLETED");
      throw new IllegalStateException("illegal transition");
    }).get());

    assertThat(failure).hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(job.get().get().getString("status")).isEqualTo("PENDING");
    assertThat(env.emulator().writeCount()).isEqualTo(writesBefore);
  }

  @Test
  void aTransactionCanCreateADocumentItSawMissing() throws Exception {
    DocumentReference key = db.collection("idempotency").document("k1");

    String first = db.runTransaction(tx -> {
      if (tx.get(key).get().exists()) {
        return "existing";
      }
      tx.create(key, Map.of("job_id", "j1"));
      return "created";
    }).get();
    String second = db.runTransaction(tx -> tx.get(key).get().exists() ? "existing" : "created").get();

    assertThat(first).isEqualTo("created");
    assertThat(second).isEqualTo("existing");
  }

  @Test
  void aDocumentAddedToAQueryResultAbortsATransactionThatRanTheQuery() throws Exception {
    Query pending = db.collection("jobs").whereEqualTo("status", "PENDING");
    db.collection("jobs").document("a").set(Map.of("status", "PENDING")).get();
    Firestore other = env.client();
    AtomicInteger attempts = new AtomicInteger();

    int counted = db.runTransaction(tx -> {
      int size = tx.get(pending).get().size();
      if (attempts.incrementAndGet() == 1) {
        other.collection("jobs").document("b").set(Map.of("status", "PENDING")).get();
      }
      tx.set(db.collection("stats").document("pending"), Map.of("n", (long) size));
      return size;
    }).get();

    assertThat(attempts.get()).isEqualTo(2);
    assertThat(counted).isEqualTo(2);
    assertThat(env.emulator().document("veo-jobs-test", "stats/pending")).contains(Map.of("n", 2L));
  }

  @Test
  void readOnlyTransactionsReadButCannotWrite() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();

    long v = db.runTransaction(
        tx -> tx.get(db.collection("jobs").document("j1")).get().getLong("v"),
        TransactionOptions.createReadOnlyOptionsBuilder().build()).get();
    assertThat(v).isEqualTo(1L);

    ByteString tx = raw.beginTransaction(BeginTransactionRequest.newBuilder().setDatabase(DATABASE)
        .setOptions(com.google.firestore.v1.TransactionOptions.newBuilder()
            .setReadOnly(com.google.firestore.v1.TransactionOptions.ReadOnly.getDefaultInstance()))
        .build()).getTransaction();
    Status status = statusOf(() -> raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE)
        .setTransaction(tx).addWrites(set(DATABASE + "/documents/jobs/j1", 2L)).build()));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aFirstReadCanBeginTheTransaction() {
    String name = DATABASE + "/documents/jobs/j1";
    var responses = raw.batchGetDocuments(BatchGetDocumentsRequest.newBuilder().setDatabase(DATABASE)
        .addDocuments(name)
        .setNewTransaction(com.google.firestore.v1.TransactionOptions.newBuilder()
            .setReadWrite(ReadWrite.getDefaultInstance()))
        .build());
    ByteString tx = responses.next().getTransaction();
    assertThat(tx.isEmpty()).isFalse();

    raw.commit(CommitRequest.newBuilder().setDatabase(DATABASE).setTransaction(tx).addWrites(set(name, 7L)).build());

    assertThat(env.emulator().document("veo-jobs-test", "jobs/j1")).contains(Map.of("n", 7L));
  }

  private ByteString begin() {
    return raw.beginTransaction(BeginTransactionRequest.newBuilder().setDatabase(DATABASE).build()).getTransaction();
  }

  private void read(ByteString tx, String name) {
    raw.batchGetDocuments(BatchGetDocumentsRequest.newBuilder()
        .setDatabase(DATABASE).addDocuments(name).setTransaction(tx).build()).forEachRemaining(r -> { });
  }

  private static Write set(String name, long n) {
    return Write.newBuilder()
        .setUpdate(com.google.firestore.v1.Document.newBuilder().setName(name)
            .putFields("n", Value.newBuilder().setIntegerValue(n).build()))
        .build();
  }
}
