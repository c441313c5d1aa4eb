package dev.veojobs.emulators.firestore;

import static dev.veojobs.emulators.firestore.GrpcFailures.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.TransactionOptions;
import com.google.cloud.firestore.WriteResult;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.Write;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.faults.FaultPlans;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault plans seen through the official client, which retries some codes on its own: a plain Commit on
 * UNAVAILABLE and RESOURCE_EXHAUSTED, reads on UNAVAILABLE, and a transaction as a whole on ABORTED and
 * UNAVAILABLE. These tests pin that behaviour down, because a fault after the commit turns into a second
 * application of the same writes.
 */
class FirestoreFaultsIT {
  @RegisterExtension
  static final FirestoreEmulatorExtension env = new FirestoreEmulatorExtension();

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Firestore db;
  private FaultPlans faults;

  @BeforeEach
  void connect() {
    db = env.client();
    faults = env.emulator().faultPlans();
  }

  @Test
  void abortedBeforeACommitWritesNothingAndOnlyHitsTheTargetPrefix() throws Exception {
    faults.add(FaultPlan.on("Commit").target("jobs/").fail("ABORTED").times(1));

    Status status = statusOf(() -> db.collection("jobs").document("j1").set(Map.of("v", 1L)).get());
    db.collection("usage").document("u1").set(Map.of("v", 1L)).get();
    db.collection("jobs").document("j2").set(Map.of("v", 1L)).get();

    assertThat(status.getCode()).as("the client does not retry ABORTED outside a transaction")
        .isEqualTo(Status.Code.ABORTED);
    assertThat(env.emulator().document(FirestoreEmulatorExtension.PROJECT, "jobs/j1")).isEmpty();
    assertThat(env.emulator().document(FirestoreEmulatorExtension.PROJECT, "usage/u1")).isPresent();
    assertThat(env.emulator().document(FirestoreEmulatorExtension.PROJECT, "jobs/j2")).as("times(1) is spent")
        .isPresent();
    assertThat(faults.injected()).isEqualTo(1);
    assertThat(faults.plans().get(0).matched()).as("usage/u1 is outside the target").isEqualTo(2);
  }

  @Test
  void unavailableBeforeACommitIsRetriedByTheClientAndAppliedOnce() throws Exception {
    DocumentReference counter = db.collection("usage").document("u1");
    counter.set(Map.of("n", 0L)).get();
    faults.add(FaultPlan.on("Commit").fail("UNAVAILABLE").times(1));

    counter.update("n", FieldValue.increment(1)).get();

    assertThat(faults.injected()).isEqualTo(1);
    assertThat(counter.get().get().getLong("n")).isEqualTo(1);
    assertThat(env.emulator().commitCount()).isEqualTo(2);
  }

  @Test
  void unavailableAfterACommitIsRetriedByTheClientSoTheWritesApplyTwice() throws Exception {
    DocumentReference counter = db.collection("usage").document("u1");
    DocumentReference job = db.collection("jobs").document("j1");
    counter.set(Map.of("n", 0L)).get();
    faults.add(FaultPlan.on("Commit").target("usage/").after().fail("UNAVAILABLE").times(1));
    faults.add(FaultPlan.on("Commit").target("jobs/").after().fail("UNAVAILABLE").times(1));

    counter.update("n", FieldValue.increment(1)).get();
    Status create = statusOf(() -> job.create(Map.of("status", "PENDING")).get());

    assertThat(counter.get().get().getLong("n")).as("the increment was committed, then resent").isEqualTo(2);
    assertThat(create.getCode()).as("the resent create finds its own document").isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(job.get().get().getString("status")).isEqualTo("PENDING");
    assertThat(faults.injected()).isEqualTo(2);
  }

  @Test
  void abortedAfterATransactionCommitMakesTheClientRunTheTransactionAgain() throws Exception {
    DocumentReference counter = db.collection("usage").document("u1");
    counter.set(Map.of("n", 0L)).get();
    faults.add(FaultPlan.on("Commit").target("usage/").after().fail("ABORTED").times(1));
    AtomicInteger runs = new AtomicInteger();

    db.runTransaction(tx -> {
      runs.incrementAndGet();
      long n = tx.get(counter).get().getLong("n");
      tx.update(counter, "n", n + 1);
      return null;
    }).get();

    assertThat(runs.get()).isEqualTo(2);
    assertThat(counter.get().get().getLong("n")).as("committed by both runs").isEqualTo(2);
  }

  @Test
  void transactionCommitsFailedBeforeApplyingAreRetriedUntilTheClientGivesUp() throws Exception {
    DocumentReference counter = db.collection("usage").document("u1");
    counter.set(Map.of("n", 0L)).get();
    faults.add(FaultPlan.on("Commit").fail("ABORTED"));

    Status status = statusOf(() -> db.runTransaction(tx -> {
      tx.update(counter, "n", tx.get(counter).get().getLong("n") + 1);
      return null;
    }, TransactionOptions.createReadWriteOptionsBuilder().setNumberOfAttempts(2).build()).get());

    assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(faults.injected()).as("one per attempt (the default is 5)").isEqualTo(2);
    assertThat(counter.get().get().getLong("n")).isZero();
  }

  @Test
  void unavailableReadsAreRetriedByTheClient() throws Exception {
    db.collection("jobs").document("j1").set(Map.of("owner", "u1")).get();
    faults.add(FaultPlan.on("BatchGetDocuments", "RunQuery", "RunAggregationQuery").target("jobs/")
        .fail("UNAVAILABLE").times(3));

    assertThat(db.collection("jobs").document("j1").get().get().getString("owner")).isEqualTo("u1");
    assertThat(db.collection("jobs").whereEqualTo("owner", "u1").get().get().size()).isEqualTo(1);
    assertThat(db.collection("jobs").count().get().get().getCount()).isEqualTo(1);

    assertThat(faults.plans().get(0).injected()).isEqualTo(3);
    assertThat(faults.plans().get(0).matched()).as("one failed and one retried attempt each").isEqualTo(6);
  }

  @Test
  void internalReadErrorsReachTheCaller() throws Exception {
    faults.add(FaultPlan.on("BatchGetDocuments").fail("PERMISSION_DENIED"));

    Status status = statusOf(() -> db.collection("jobs").document("j1").get().get());

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("fault plan p1");
  }

  @Test
  void aCommitHeldBeforeApplyingWritesNothingBlocksNothingElseAndIsRetriedOnRelease() throws Exception {
    faults.add(FaultPlan.on("Commit").target("jobs/").hang().times(1));
    DocumentReference job = db.collection("jobs").document("j1");

    ApiFuture<WriteResult> held = job.set(Map.of("status", "PENDING"));
    faults.awaitHeld(1, WAIT);
    db.collection("usage").document("u1").set(Map.of("n", 1L)).get();
    assertThat(job.get().get().exists()).as("held before applying").isFalse();

    assertThat(faults.releaseHeld()).isEqualTo(1);
    held.get(10, TimeUnit.SECONDS);

    assertThat(job.get().get().getString("status")).as("the client retried the released UNAVAILABLE").isEqualTo("PENDING");
    assertThat(faults.held()).isZero();
    assertThat(faults.released()).isEqualTo(1);
  }

  @Test
  void aCommitHeldAfterApplyingIsAlreadyWrittenWhileTheCallerWaits() throws Exception {
    faults.add(FaultPlan.on("Commit").after().hang().times(1));
    DocumentReference job = db.collection("jobs").document("j1");

    ApiFuture<WriteResult> held = job.create(Map.of("status", "PENDING"));
    faults.awaitHeld(1, WAIT);

    assertThat(job.get().get().getString("status")).isEqualTo("PENDING");
    assertThat(held.isDone()).isFalse();
    faults.releaseHeld();
    assertThat(statusOf(() -> held.get(10, TimeUnit.SECONDS)).getCode())
        .as("the retried create meets the document the held one wrote").isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void aHeldCallIsForgottenWhenTheClientCancelsIt() throws Exception {
    faults.add(FaultPlan.on("Commit").hang());
    ManagedChannel channel = ManagedChannelBuilder.forTarget(env.emulator().hostAndPort()).usePlaintext().build();
    try {
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      List<ClientCallStreamObserver<CommitRequest>> calls = new ArrayList<>();
      FirestoreGrpc.newStub(channel).commit(commitOf("jobs/j1"), new ClientResponseObserver<CommitRequest, CommitResponse>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<CommitRequest> requestStream) {
          calls.add(requestStream);
        }

        @Override
        public void onNext(CommitResponse value) {}

        @Override
        public void onError(Throwable t) {
          outcome.complete(t);
        }

        @Override
        public void onCompleted() {
          outcome.complete(null);
        }
      });
      faults.awaitHeld(1, WAIT);

      calls.get(0).cancel("the caller gave up", null);

      assertThat(Status.fromThrowable(outcome.get(10, TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.CANCELLED);
      faults.awaitNoneHeld(WAIT);
      assertThat(faults.releaseHeld()).isZero();
      assertThat(env.emulator().documentCount()).isZero();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSeededRatePicksTheSameCallsEveryRun() throws Exception {
    List<Boolean> first = failures(FaultPlan.on("Commit").fail("ABORTED").rate(0.3, 42));
    env.emulator().reset();
    List<Boolean> second = failures(FaultPlan.on("Commit").fail("ABORTED").rate(0.3, 42));

    assertThat(second).isEqualTo(first);
    long failed = first.stream().filter(f -> f).count();
    assertThat(failed).isBetween(3L, 17L);
    assertThat(faults.injected()).isEqualTo(failed);
    assertThat(env.emulator().documentCount()).isEqualTo(first.size() - (int) failed);
  }

  @Test
  void skipLetsTheFirstMatchingCallsThrough() throws Exception {
    faults.add(FaultPlan.on("Commit").fail("ABORTED").skip(2).times(1));

    List<Boolean> outcomes = failures(null);

    assertThat(outcomes.subList(0, 4)).containsExactly(false, false, true, false);
  }

  @Test
  void plansAreManagedOverTheControlPlane() throws Exception {
    HttpResponse<String> added = send("POST", "/_emulator/fault-plans",
        "{\"calls\":[\"Commit\"],\"target\":\"jobs/\",\"phase\":\"after\",\"code\":\"UNAVAILABLE\",\"times\":1}");
    db.collection("jobs").document("j1").set(Map.of("v", 1L)).get();
    JsonNode status = JSON.readTree(send("GET", "/_emulator/fault-plans", null).body());
    HttpResponse<String> unknownCall = send("POST", "/_emulator/fault-plans", "{\"calls\":\"Listen\"}");
    HttpResponse<String> unknownField = send("POST", "/_emulator/fault-plans", "{\"when\":\"after\"}");
    HttpResponse<String> dropOnGrpc = send("POST", "/_emulator/fault-plans", "{\"effect\":\"drop_connection\"}");
    HttpResponse<String> released = send("POST", "/_emulator/fault-plans/release", "");
    JsonNode cleared = JSON.readTree(send("DELETE", "/_emulator/fault-plans", null).body());

    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(added.body()).path("id").asText()).isEqualTo("p1");
    assertThat(status.path("injected").asLong()).isEqualTo(1);
    assertThat(status.path("plans").get(0).path("phase").asText()).isEqualTo("after");
    assertThat(status.path("plans").get(0).path("matched").asLong()).as("the retried commit matched too")
        .isEqualTo(2);
    assertThat(unknownCall.statusCode()).isEqualTo(400);
    assertThat(unknownCall.body()).contains("Listen").contains("Commit");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("when");
    assertThat(dropOnGrpc.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(released.body()).path("released").asInt()).isZero();
    assertThat(cleared.path("plans")).isEmpty();
    assertThat(faults.plans()).isEmpty();
  }

  /** Twenty creates of new documents, each either failed (true) or written (false). */
  private List<Boolean> failures(FaultPlan plan) throws Exception {
    if (plan != null) {
      faults.add(plan);
    }
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        db.collection("runs").document("r" + i).create(Map.of("i", (long) i)).get();
        failed.add(false);
      } catch (Exception e) {
        assertThat(statusOf(e).getCode()).isEqualTo(Status.Code.ABORTED);
        failed.add(true);
      }
    }
    return failed;
  }

  private static CommitRequest commitOf(String path) {
    return CommitRequest.newBuilder()
        .setDatabase("projects/" + FirestoreEmulatorExtension.PROJECT + "/databases/(default)")
        .addWrites(Write.newBuilder().setUpdate(Document.newBuilder()
            .setName("projects/" + FirestoreEmulatorExtension.PROJECT + "/databases/(default)/documents/" + path)))
        .build();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.emulator().adminEndpoint() + path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
