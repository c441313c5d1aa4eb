package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.tasks.v2.CreateTaskRequest;
import com.google.cloud.tasks.v2.Task;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.faults.FaultPlans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CreateTask fault plans through the official client, which does not retry CreateTask on its own. */
class TasksCreateFaultsIT extends TasksItSupport {
  private FaultPlans faults;

  @BeforeEach
  void queue() {
    createQueue("jobs");
    faults = emu.faultPlans();
  }

  private Task.Builder named(String id) {
    return httpTask("/" + id).setName(queueName("jobs") + "/tasks/" + id);
  }

  @Test
  void unavailableBeforeCreatingCreatesNothing() {
    faults.add(FaultPlan.on("CreateTask").fail("UNAVAILABLE").times(1));

    assertThatThrownBy(() -> create("jobs", named("j1-start"))).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("fault plan p1");
    assertThat(emu.pendingTaskCount()).isZero();

    create("jobs", named("j1-start"));
    idle();
    assertThat(receiver.requests("/j1-start")).as("the name was never taken, so the retry creates it").hasSize(1);
  }

  @Test
  void unavailableAfterCreatingLeavesTheTaskScheduledAndItsNameTaken() {
    faults.add(FaultPlan.on("CreateTask").after().fail("UNAVAILABLE").times(1));

    assertThatThrownBy(() -> create("jobs", named("j1-start"))).isInstanceOf(UnavailableException.class);
    // Not the pending count: the task is due at once and may already have been delivered (a race
    // that failed this test under load). The name being taken and one delivery prove it was created.
    assertThatThrownBy(() -> create("jobs", named("j1-start"))).isInstanceOf(AlreadyExistsException.class);

    idle();
    assertThat(receiver.requests("/j1-start")).as("delivered once").hasSize(1);
  }

  @Test
  void aForcedAlreadyExistsCreatesNothing() {
    faults.add(FaultPlan.on("CreateTask").target("-poll-").fail("ALREADY_EXISTS"));

    create("jobs", named("j1-start"));
    assertThatThrownBy(() -> create("jobs", named("j1-poll-1"))).isInstanceOf(AlreadyExistsException.class);
    idle();

    assertThat(receiver.requests()).extracting(Receiver.Received::path).containsExactly("/j1-start");
    assertThat(faults.plans().get(0).matched()).as("only the task id containing -poll- matched").isEqualTo(1);
    assertThat(faults.injected()).isEqualTo(1);
  }

  @Test
  void aHeldCreateTaskBlocksNothingElseAndFailsUnavailableOnRelease() throws Exception {
    faults.add(FaultPlan.on("CreateTask").target("-finalize").after().hang());
    ApiFuture<Task> held = client.createTaskCallable().futureCall(CreateTaskRequest.newBuilder()
        .setParent(queueName("jobs")).setTask(named("j1-finalize")).build());
    faults.awaitHeld(1, IDLE);

    create("jobs", named("j2-start"));
    idle();
    assertThat(held.isDone()).isFalse();
    assertThat(receiver.requests()).extracting(Receiver.Received::path)
        .containsExactlyInAnyOrder("/j1-finalize", "/j2-start");

    assertThat(faults.releaseHeld()).isEqualTo(1);
    assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnavailableException.class);
  }

  @Test
  void aSeededRateFailsTheSameCreatesEveryRun() {
    String first = outcomes(FaultPlan.on("CreateTask").fail("UNAVAILABLE").rate(0.5, 7));
    emu.reset();
    createQueue("jobs");
    String second = outcomes(FaultPlan.on("CreateTask").fail("UNAVAILABLE").rate(0.5, 7));

    assertThat(second).isEqualTo(first).contains("x").contains(".");
    assertThat(faults.injected()).isEqualTo(first.chars().filter(c -> c == 'x').count());
  }

  @Test
  void plansAreAddedAndReleasedOverTheControlPlane() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://localhost:" + emu.adminPort() + "/_emulator/fault-plans";
    HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(base))
        .POST(HttpRequest.BodyPublishers.ofString("{\"calls\":\"CreateTask\",\"code\":\"ALREADY_EXISTS\",\"times\":1}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badCode = http.send(HttpRequest.newBuilder(URI.create(base))
        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":503}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThatThrownBy(() -> create("jobs", named("j1-start"))).isInstanceOf(AlreadyExistsException.class);
    String status = http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();

    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(badCode.statusCode()).isEqualTo(400);
    assertThat(badCode.body()).contains("gRPC code name");
    assertThat(status).contains("\"injected\":1").contains("\"calls\":[\"CreateTask\"]");
  }

  /** Ten creates, each "x" (failed) or "." (created). */
  private String outcomes(FaultPlan plan) {
    faults.add(plan);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      try {
        create("jobs", named("t" + i));
        out.append('.');
      } catch (UnavailableException e) {
        out.append('x');
      }
    }
    idle();
    assertThat(receiver.requests()).hasSize((int) out.chars().filter(c -> c == '.').count());
    receiver.reset();
    return out.toString();
  }
}
