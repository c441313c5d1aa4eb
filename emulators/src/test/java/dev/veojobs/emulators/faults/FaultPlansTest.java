package dev.veojobs.emulators.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FaultPlansTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FaultPlans grpc = FaultPlans.grpc("Test", Set.of("Commit", "RunQuery"));
  private final FaultPlans http = FaultPlans.http("Test", Set.of("GET", "POST"), java.util.regex.Pattern::compile);

  private List<Boolean> fired(FaultPlans plans, String call, String target, int calls) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.add(plans.decide(call, target::startsWith).isPresent());
    }
    return out;
  }

  @Test
  void skipThenTimesPicksExactlyTheNamedCalls() {
    grpc.add(FaultPlan.on("Commit").skip(1).times(2));

    assertThat(fired(grpc, "Commit", "jobs/j1", 5)).containsExactly(false, true, true, false, false);
    assertThat(grpc.plans().get(0).matched()).isEqualTo(5);
    assertThat(grpc.plans().get(0).injected()).isEqualTo(2);
  }

  @Test
  void callsAndTargetNarrowAPlan() {
    grpc.add(FaultPlan.on("Commit").target("jobs/"));

    assertThat(fired(grpc, "RunQuery", "jobs/j1", 1)).containsExactly(false);
    assertThat(grpc.decide("Commit", "usage/u1"::startsWith)).isEmpty();
    assertThat(grpc.decide("Commit", "jobs/j1"::startsWith)).isPresent();
    assertThat(grpc.plans().get(0).matched()).as("only the call that matched both").isEqualTo(1);
  }

  @Test
  void aSeededRateRepeatsAndRoughlyHoldsItsRate() {
    grpc.add(FaultPlan.on().rate(0.3, 42));
    List<Boolean> first = fired(grpc, "Commit", "x", 1000);
    grpc.clear().add(FaultPlan.on().rate(0.3, 42));
    List<Boolean> second = fired(grpc, "Commit", "x", 1000);
    grpc.clear().add(FaultPlan.on().rate(0.3, 43));
    List<Boolean> otherSeed = fired(grpc, "Commit", "x", 1000);

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(first.stream().filter(f -> f).count()).isBetween(250L, 350L);
  }

  @Test
  void theFirstPlanThatFiresWinsAndGetsTheDefaultCode() {
    grpc.add(FaultPlan.on("Commit").times(1));
    grpc.add(FaultPlan.on("Commit").fail("ABORTED"));

    Optional<FaultPlans.Injection> first = grpc.decide("Commit", t -> true);
    Optional<FaultPlans.Injection> second = grpc.decide("Commit", t -> true);

    assertThat(first.orElseThrow().planId()).isEqualTo("p1");
    assertThat(first.orElseThrow().code()).isEqualTo("UNAVAILABLE");
    assertThat(second.orElseThrow().planId()).isEqualTo("p2");
    assertThat(second.orElseThrow().code()).isEqualTo("ABORTED");
    assertThat(grpc.injected()).isEqualTo(2);
    assertThat(http.defaultCode()).isEqualTo("503");
  }

  @Test
  void plansOutsideWhatTheEmulatorCanDoAreRefused() {
    assertThatThrownBy(() -> grpc.add(FaultPlan.on("Listen"))).hasMessageContaining("Commit, RunQuery");
    assertThatThrownBy(() -> grpc.add(FaultPlan.on().dropConnection())).hasMessageContaining("DROP_CONNECTION");
    assertThatThrownBy(() -> grpc.add(FaultPlan.on().fail(503))).hasMessageContaining("gRPC code name");
    assertThatThrownBy(() -> http.add(FaultPlan.on().fail("UNAVAILABLE"))).hasMessageContaining("HTTP status");
    assertThatThrownBy(() -> http.add(FaultPlan.on().fail(200))).hasMessageContaining("400");
    assertThatThrownBy(() -> http.add(FaultPlan.on().target("(")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultPlan.on().rate(0, 1)).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultPlan.on().times(-1)).hasMessageContaining("times");
    assertThat(grpc.plans()).isEmpty();
    assertThat(http.plans()).isEmpty();
  }

  @Test
  void heldCallsAreReleasedOnceAndCancelledOnesAreForgotten() {
    AtomicInteger releases = new AtomicInteger();
    grpc.hold("Commit", releases::incrementAndGet);
    FaultPlans.HeldCall cancelled = grpc.hold("Commit", releases::incrementAndGet);
    cancelled.cancel();

    assertThat(grpc.held()).isEqualTo(1);
    assertThat(grpc.releaseHeld()).isEqualTo(1);
    assertThat(grpc.releaseHeld()).isZero();
    assertThat(releases.get()).isEqualTo(1);
    assertThat(grpc.released()).isEqualTo(1);
  }

  @Test
  void clearReleasesHeldCallsDropsPlansAndStartsIdsAgain() {
    AtomicInteger releases = new AtomicInteger();
    grpc.add(FaultPlan.on("Commit"));
    grpc.decide("Commit", t -> true);
    grpc.hold("Commit", releases::incrementAndGet);

    grpc.clear();

    assertThat(releases.get()).isEqualTo(1);
    assertThat(grpc.plans()).isEmpty();
    assertThat(grpc.injected()).isZero();
    assertThat(grpc.add(FaultPlan.on()).id()).isEqualTo("p1");
  }

  @Test
  void theJsonFormReadsEveryFieldAndNamesTheBadOne() throws Exception {
    FaultPlan plan = FaultPlanControl.parse(JSON.readTree("{\"calls\":[\"POST\"],\"target\":\"/rewriteTo/\","
        + "\"phase\":\"after\",\"effect\":\"fail\",\"code\":503,\"times\":2,\"rate\":0.5,\"seed\":7,\"skip\":1}"));

    assertThat(plan).isEqualTo(FaultPlan.on("POST").target("/rewriteTo/").after().fail(503).times(2).rate(0.5, 7)
        .skip(1));
    assertThat(FaultPlanControl.parse(JSON.readTree("{}"))).isEqualTo(FaultPlan.on());
    assertThat(FaultPlanControl.parse(JSON.readTree("{\"effect\":\"drop_connection\"}")).effect())
        .isEqualTo(FaultPlan.Effect.DROP_CONNECTION);
    assertThatThrownBy(() -> FaultPlanControl.parse(JSON.readTree("{\"phase\":\"during\"}"))).hasMessageContaining("phase");
    assertThatThrownBy(() -> FaultPlanControl.parse(JSON.readTree("{\"effect\":\"hang\",\"code\":503}")))
        .hasMessageContaining("code");
    assertThatThrownBy(() -> FaultPlanControl.parse(JSON.readTree("{\"times\":-1}"))).hasMessageContaining("times");
    assertThatThrownBy(() -> FaultPlanControl.parse(JSON.readTree("{\"seed\":1.5}"))).hasMessageContaining("seed");
    assertThatThrownBy(() -> FaultPlanControl.parse(JSON.readTree("[]"))).hasMessageContaining("object");
  }
}
