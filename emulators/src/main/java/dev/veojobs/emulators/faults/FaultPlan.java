package dev.veojobs.emulators.faults;

import java.util.Objects;
import java.util.Set;

/**
 * One fault to inject into an emulator's calls: which calls ({@link #calls}, and a {@link #target}
 * whose meaning each emulator defines), when ({@link Phase#BEFORE} the call has any effect, or
 * {@link Phase#AFTER} it took effect), what the caller sees ({@link Effect}), and how often: the
 * first {@link #times} matching calls after {@link #skip}ping some, each with probability
 * {@link #rate} drawn from a {@code java.util.Random} seeded with {@link #seed}. The same plan and
 * the same sequence of calls always inject the same faults.
 *
 * <pre>{@code
 * firestore.faultPlans().add(FaultPlan.on("Commit").target("jobs/").after().fail("UNAVAILABLE").times(1));
 * veo.faultPlans().add(FaultPlan.on("predictLongRunning").fail(429).rate(0.3, 42));
 * storage.faultPlans().add(FaultPlan.on("POST").target("/rewriteTo/").after().hang());
 * }</pre>
 *
 * @param calls the emulator's call names the plan applies to; empty for every call it can fault
 * @param target narrows the calls further (a document path prefix, a path pattern, a task id or
 *     prompt substring: see each emulator's fidelity table); null for any
 * @param code the failure a {@link Effect#FAIL} answers with: a gRPC code name or an HTTP status;
 *     null for the emulator's default (UNAVAILABLE, 503)
 * @param times how many faults the plan injects at most; 0 for no limit
 * @param rate the probability that a matching call is faulted, in (0, 1]
 * @param seed the seed of the plan's own random source (used only when rate is below 1)
 * @param skip how many matching calls pass untouched before the plan starts to fire
 */
public record FaultPlan(
    Set<String> calls, String target, Phase phase, Effect effect, String code, int times, double rate, long seed,
    int skip) {

  /** When a fault strikes relative to the call's own effect. */
  public enum Phase {
    /** Nothing of the call happens: no write, no task, no operation. */
    BEFORE,
    /** The call did everything it does, then its answer is replaced by the fault. */
    AFTER
  }

  /** What the caller sees. */
  public enum Effect {
    /** An error with the plan's code. */
    FAIL,
    /** No answer until {@link FaultPlans#releaseHeld()} (then UNAVAILABLE / 503) or the caller gives up. */
    HANG,
    /** The connection is closed without an answer (HTTP emulators only). */
    DROP_CONNECTION
  }

  public FaultPlan {
    calls = Set.copyOf(Objects.requireNonNull(calls, "calls"));
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(effect, "effect");
    if (times < 0) {
      throw new IllegalArgumentException("times must be 0 (no limit) or more: " + times);
    }
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in (0, 1]: " + rate);
    }
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative: " + skip);
    }
    if (code != null && effect != Effect.FAIL) {
      throw new IllegalArgumentException("a code only goes with the FAIL effect, not " + effect);
    }
  }

  /** A plan that fails every one of these calls (every call when none is named) before it has any effect. */
  public static FaultPlan on(String... calls) {
    return new FaultPlan(Set.of(calls), null, Phase.BEFORE, Effect.FAIL, null, 0, 1.0, 0, 0);
  }

  public FaultPlan target(String newTarget) {
    return new FaultPlan(calls, newTarget, phase, effect, code, times, rate, seed, skip);
  }

  public FaultPlan before() {
    return new FaultPlan(calls, target, Phase.BEFORE, effect, code, times, rate, seed, skip);
  }

  public FaultPlan after() {
    return new FaultPlan(calls, target, Phase.AFTER, effect, code, times, rate, seed, skip);
  }

  /** Fails with a gRPC code name ({@code "UNAVAILABLE"}, {@code "ABORTED"}, …). */
  public FaultPlan fail(String newCode) {
    return new FaultPlan(calls, target, phase, Effect.FAIL, Objects.requireNonNull(newCode, "code"), times, rate,
        seed, skip);
  }

  /** Fails with an HTTP status (429, 500, 503, …). */
  public FaultPlan fail(int httpStatus) {
    return fail(Integer.toString(httpStatus));
  }

  public FaultPlan hang() {
    return new FaultPlan(calls, target, phase, Effect.HANG, null, times, rate, seed, skip);
  }

  public FaultPlan dropConnection() {
    return new FaultPlan(calls, target, phase, Effect.DROP_CONNECTION, null, times, rate, seed, skip);
  }

  /** At most this many faults (the next N matching calls when the rate is 1). */
  public FaultPlan times(int newTimes) {
    return new FaultPlan(calls, target, phase, effect, code, newTimes, rate, seed, skip);
  }

  /** Each matching call is faulted with this probability, drawn from a Random seeded with {@code newSeed}. */
  public FaultPlan rate(double newRate, long newSeed) {
    return new FaultPlan(calls, target, phase, effect, code, times, newRate, newSeed, skip);
  }

  /** The first {@code newSkip} matching calls pass untouched. */
  public FaultPlan skip(int newSkip) {
    return new FaultPlan(calls, target, phase, effect, code, times, rate, seed, newSkip);
  }
}
