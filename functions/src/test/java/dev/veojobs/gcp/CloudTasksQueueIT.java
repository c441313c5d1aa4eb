package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.Queue;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.app.TaskRequest;
import dev.veojobs.app.TaskTarget;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.tasks.DispatchRecord;
import dev.veojobs.emulators.tasks.TasksEmulator;
import dev.veojobs.wire.TaskPayloadJson;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task queue through the official Cloud Tasks client against the in-process emulator, which
 * delivers to a local receiver with an OIDC token it signs.
 */
class CloudTasksQueueIT {
  private static final String PROJECT = "veo-jobs-it";
  private static final String LOCATION = "us-central1";
  private static final String QUEUE = "jobs";
  private static final String INVOKER = "tasks-invoker@veo-jobs-it.iam.gserviceaccount.com";
  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static TasksEmulator emulator;
  private static CloudTasksClient client;
  private static HttpReceiver receiver;
  private static CloudTasksQueue queue;

  @BeforeAll
  static void start() {
    emulator = TasksEmulator.builder().clock(CLOCK).build().start();
    client = GcpClients.tasks(emulator.endpoint());
    receiver = HttpReceiver.start();
    queue = new CloudTasksQueue(client, PROJECT, LOCATION, QUEUE, QUEUE, receiver.url("/worker"),
        receiver.url("/finalizer"), INVOKER);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    receiver.close();
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.reset();
    receiver.reset();
    String parent = "projects/" + PROJECT + "/locations/" + LOCATION;
    client.createQueue(parent, Queue.newBuilder().setName(parent + "/queues/" + QUEUE).build());
  }

  private static TaskRequest start(String jobId, Instant notBefore) {
    return new TaskRequest(jobId + "-start", TaskTarget.WORKER, new TaskPayload(jobId, TaskPayload.Step.START, 1, 0),
        notBefore);
  }

  @Test
  void aTaskIsDeliveredAsJsonWithAnOidcTokenForTheTarget() throws Exception {
    assertThat(queue.enqueue(start("job-42", null))).isTrue();

    HttpReceiver.Received delivery = receiver.await(r -> r.size() == 1).get(0);
    assertThat(delivery.method()).isEqualTo("POST");
    assertThat(delivery.path()).isEqualTo("/worker");
    assertThat(delivery.header("Content-Type")).startsWith("application/json");
    assertThat(delivery.header("X-CloudTasks-TaskName")).isEqualTo("job-42-start");
    assertThat(delivery.header("X-CloudTasks-QueueName")).isEqualTo(QUEUE);
    TaskPayload payload = TaskPayloadJson.fromJson(delivery.body());
    assertThat(payload).isEqualTo(new TaskPayload("job-42", TaskPayload.Step.START, 1, 0));

    String authorization = delivery.header("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
    RSAKey key = JWKSet.load(URI.create(emulator.jwksUrl()).toURL()).getKeyByKeyId(jwt.getHeader().getKeyID())
        .toRSAKey();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getState()).isEqualTo(JWSObject.State.VERIFIED);
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly(receiver.url("/worker"));
    assertThat(claims.getStringClaim("email")).isEqualTo(INVOKER);
    assertThat(claims.getIssuer()).isEqualTo(emulator.oidcIssuer());
  }

  @Test
  void theFinalizerGetsItsOwnUrlAndAudience() throws Exception {
    queue.enqueue(new TaskRequest("job-7-finalize", TaskTarget.FINALIZER,
        new TaskPayload("job-7", TaskPayload.Step.FINALIZE, 2, 0), null));
    HttpReceiver.Received delivery = receiver.await(r -> r.size() == 1).get(0);
    assertThat(delivery.path()).isEqualTo("/finalizer");
    SignedJWT jwt = SignedJWT.parse(delivery.header("Authorization").substring("Bearer ".length()));
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(receiver.url("/finalizer"));
    assertThat(TaskPayloadJson.fromJson(delivery.body()).jobId()).isEqualTo("job-7");
  }

  @Test
  void aNameAlreadyUsedIsFalseBeforeAndAfterItRanAndDeliversOnce() {
    assertThat(queue.enqueue(start("job-1", null))).isTrue();
    assertThat(queue.enqueue(start("job-1", null))).isFalse();
    receiver.await(r -> r.size() == 1);
    emulator.awaitIdle(IDLE);
    assertThat(queue.enqueue(start("job-1", null))).isFalse();
    emulator.awaitIdle(IDLE);
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void theScheduleTimeIsHonoured() {
    Instant notBefore = CLOCK.instant().plusSeconds(15);
    assertThat(queue.enqueue(new TaskRequest("job-3-poll-1", TaskTarget.WORKER,
        new TaskPayload("job-3", TaskPayload.Step.POLL, 1, 1), notBefore))).isTrue();

    emulator.awaitIdle(IDLE);
    assertThat(receiver.received()).isEmpty();
    assertThat(emulator.pendingTasks()).singleElement()
        .satisfies(t -> assertThat(t.scheduleTime()).isEqualTo(notBefore));

    CLOCK.advance(Duration.ofSeconds(14));
    emulator.awaitIdle(IDLE);
    assertThat(receiver.received()).isEmpty();

    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(TaskPayloadJson.fromJson(receiver.await(r -> r.size() == 1).get(0).body()).poll()).isEqualTo(1);
    List<DispatchRecord> dispatches = emulator.dispatches();
    assertThat(dispatches).singleElement().satisfies(d -> assertThat(d.dispatchedAt()).isAfterOrEqualTo(notBefore));
  }

  @Test
  void aMissingQueueIsASetupErrorNotARetry() {
    CloudTasksQueue elsewhere = new CloudTasksQueue(client, PROJECT, LOCATION, "no-such-queue", "no-such-queue",
        receiver.url("/worker"), receiver.url("/finalizer"), INVOKER);
    assertThatThrownBy(() -> elsewhere.enqueue(start("job-9", null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("NOT_FOUND");
  }
}
