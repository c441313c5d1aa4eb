package dev.veojobs.emulators.faults;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The fault plans of one emulator and what they did: how many calls each matched and faulted, and
 * the calls held by {@link FaultPlan.Effect#HANG} plans. Tests and the chaos harness add plans
 * ({@link #add}), read the counters, and {@link #releaseHeld() release} held calls so a run ends
 * cleanly; the emulator asks {@link #decide} once per call. Thread-safe.
 */
public final class FaultPlans {
  /** A plan as added, with its id and counters: calls that matched it, and faults it injected. */
  public record PlanStatus(String id, FaultPlan plan, long matched, long injected) {}

  /** A fault to apply to one call: the plan that fired and the failure code it answers with. */
  public record Injection(String planId, FaultPlan plan, String code) {
    public boolean before() {
      return plan.phase() == FaultPlan.Phase.BEFORE;
    }

    public FaultPlan.Effect effect() {
      return plan.effect();
    }
  }

  /** A call held by a HANG plan; {@link #cancel()} forgets it when the caller gave up first. */
  public final class HeldCall {
    private final String call;
    private final Runnable release;

    private HeldCall(String call, Runnable release) {
      this.call = call;
      this.release = release;
    }

    public void cancel() {
      synchronized (FaultPlans.this) {
        held.remove(this);
        FaultPlans.this.notifyAll();
      }
    }

    @Override
    public String toString() {
      return call;
    }
  }

  private static final class ActivePlan {
    final String id;
    final FaultPlan plan;
    final Random random;
    long matched;
    long injected;

    ActivePlan(String id, FaultPlan plan) {
      this.id = id;
      this.plan = plan;
      this.random = new Random(plan.seed());
    }
  }

  private final String emulator;
  private final Set<String> calls;
  private final Set<FaultPlan.Effect> effects;
  private final boolean httpCodes;
  private final Consumer<String> targetCheck;
  private final Map<String, ActivePlan> active = new LinkedHashMap<>();
  private final Set<HeldCall> held = new LinkedHashSet<>();
  private long nextId = 1;
  private long injected;
  private long released;

  private FaultPlans(String emulator, Set<String> calls, Set<FaultPlan.Effect> effects, boolean httpCodes,
      Consumer<String> targetCheck) {
    this.emulator = emulator;
    this.calls = Set.copyOf(calls);
    this.effects = Set.copyOf(effects);
    this.httpCodes = httpCodes;
    this.targetCheck = targetCheck;
  }

  /** For a gRPC emulator: FAIL with a gRPC code name (default UNAVAILABLE) or HANG. */
  public static FaultPlans grpc(String emulator, Set<String> calls) {
    return new FaultPlans(emulator, calls, Set.of(FaultPlan.Effect.FAIL, FaultPlan.Effect.HANG), false, t -> {});
  }

  /**
   * For an HTTP emulator: FAIL with an HTTP status 400-599 (default 503), HANG or DROP_CONNECTION.
   *
   * @param targetCheck throws IllegalArgumentException for a target this emulator cannot use
   */
  public static FaultPlans http(String emulator, Set<String> calls, Consumer<String> targetCheck) {
    return new FaultPlans(emulator, calls, Set.of(FaultPlan.Effect.values()), true, targetCheck);
  }

  /** The call names plans may name, in name order. */
  public Set<String> calls() {
    return new TreeSet<>(calls);
  }

  /** The code a FAIL plan without one answers with, and a released held call gets. */
  public String defaultCode() {
    return httpCodes ? "503" : "UNAVAILABLE";
  }

  /**
   * Adds a plan after the others (the first plan that fires on a call wins).
   *
   * @throws IllegalArgumentException when the plan names a call, effect or code this emulator has not
   */
  public synchronized PlanStatus add(FaultPlan plan) {
    for (String call : plan.calls()) {
      if (!calls.contains(call)) {
        throw new IllegalArgumentException("The " + emulator + " emulator has no faultable call '" + call
            + "'; it has " + String.join(", ", calls()) + ".");
      }
    }
    if (!effects.contains(plan.effect())) {
      throw new IllegalArgumentException("The " + emulator + " emulator cannot " + plan.effect() + ".");
    }
    if (plan.code() != null) {
      checkCode(plan.code());
    }
    if (plan.target() != null) {
      targetCheck.accept(plan.target());
    }
    ActivePlan added = new ActivePlan("p" + nextId++, plan);
    active.put(added.id, added);
    return status(added);
  }

  public synchronized List<PlanStatus> plans() {
    return active.values().stream().map(FaultPlans::status).toList();
  }

  /** Faults injected since the last {@link #clear()}, by every plan. */
  public synchronized long injected() {
    return injected;
  }

  /** Calls held right now. */
  public synchronized int held() {
    return held.size();
  }

  /** Held calls answered by {@link #releaseHeld()} since the last {@link #clear()}. */
  public synchronized long released() {
    return released;
  }

  /** Answers every held call with UNAVAILABLE (gRPC) or 503 (HTTP); returns how many there were. */
  public int releaseHeld() {
    List<HeldCall> releasing;
    synchronized (this) {
      releasing = new ArrayList<>(held);
      held.clear();
      released += releasing.size();
      notifyAll();
    }
    releasing.forEach(call -> call.release.run());
    return releasing.size();
  }

  /** Drops every plan and zeroes the counters (ids start again at p1); held calls are released first. */
  public FaultPlans clear() {
    releaseHeld();
    synchronized (this) {
      active.clear();
      nextId = 1;
      injected = 0;
      released = 0;
    }
    return this;
  }

  /**
   * Waits (on the wall clock) until at least {@code count} calls are held, so a test knows a hung call
   * reached the emulator before it acts.
   *
   * @throws IllegalStateException when that does not happen within {@code timeout}
   */
  public void awaitHeld(int count, Duration timeout) {
    await(n -> n >= count, "at least " + count + " held calls", timeout);
  }

  /** Waits until no call is held, e.g. after every caller cancelled; IllegalStateException on timeout. */
  public void awaitNoneHeld(Duration timeout) {
    await(n -> n == 0, "no held calls", timeout);
  }

  private synchronized void await(IntPredicate heldCount, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!heldCount.test(held.size())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("expected " + what + " within " + timeout + ", " + held.size() + " held");
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /**
   * For the emulator: the fault to apply to one call, if a plan fires. Plans are tried in the order they
   * were added; each plan whose calls and target match counts the call and, past its skip and within its
   * times, fires with its rate.
   *
   * @param targetMatches whether this call matches a plan's (non-null) target
   */
  public synchronized Optional<Injection> decide(String call, Predicate<String> targetMatches) {
    for (ActivePlan plan : active.values()) {
      FaultPlan p = plan.plan;
      if (!p.calls().isEmpty() && !p.calls().contains(call)) {
        continue;
      }
      if (p.target() != null && !targetMatches.test(p.target())) {
        continue;
      }
      plan.matched++;
      if (plan.matched <= p.skip() || (p.times() > 0 && plan.injected >= p.times())) {
        continue;
      }
      if (p.rate() < 1 && plan.random.nextDouble() >= p.rate()) {
        continue;
      }
      plan.injected++;
      injected++;
      return Optional.of(new Injection(plan.id, p, p.code() == null ? defaultCode() : p.code()));
    }
    return Optional.empty();
  }

  /** For the emulator: keeps a call unanswered until {@link #releaseHeld()} runs {@code release}. */
  public synchronized HeldCall hold(String call, Runnable release) {
    HeldCall heldCall = new HeldCall(call, release);
    held.add(heldCall);
    notifyAll();
    return heldCall;
  }

  private void checkCode(String code) {
    if (httpCodes) {
      int status;
      try {
        status = Integer.parseInt(code);
      } catch (NumberFormatException e) {
        status = 0;
      }
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("The " + emulator + " emulator fails calls with an HTTP status from 400"
            + " to 599, not '" + code + "'.");
      }
      return;
    }
    boolean known = Arrays.stream(Status.Code.values()).anyMatch(c -> c != Status.Code.OK && c.name().equals(code));
    if (!known) {
      throw new IllegalArgumentException("The " + emulator + " emulator fails calls with a gRPC code name such as"
          + " UNAVAILABLE or ABORTED, not '" + code + "'.");
    }
  }

  private static PlanStatus status(ActivePlan plan) {
    return new PlanStatus(plan.id, plan.plan, plan.matched, plan.injected);
  }
}
