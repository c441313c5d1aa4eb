package dev.veojobs.chaos;

import dev.veojobs.app.OperationState;
import dev.veojobs.emulators.tasks.TaskSnapshot;
import dev.veojobs.emulators.stack.SweepScheduler;
import dev.veojobs.emulators.tasks.TasksEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Runs trials: resets the stack, arms the scenario's faults, makes the client calls when their
 * virtual time comes, lets due tasks run, and skips the clock to the next thing that can happen,
 * until every accepted job has ended or the time limit passes. It never sleeps for virtual time and
 * never repairs anything itself (no re-enqueue, no extra sweep): it runs the stack's sweeper on the
 * schedule Cloud Scheduler uses in production (emulator-config/scheduler.json), waiting for each sweep
 * to finish before it moves on, and what it measures is what the stack does.
 */
final class Driver implements AutoCloseable {
  /** The Cloud Tasks emulator keeps the last 10,000 deliveries. */
  static final int DISPATCH_LOG_CAPACITY = 10_000;
  private static final Duration MIN_STEP = Duration.ofMillis(250);
  /** The longest skip while nothing is due: short enough for any scheduler on the clock (the sweeper) to run. */
  private static final Duration IDLE_STEP = Duration.ofSeconds(15);
  /** Deliveries unchanged this long (wall time) are held by a fault: the stack counts as quiet. */
  private static final Duration QUIET = Duration.ofMillis(400);
  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(2);
  /** A trial also ends this long after the last client call, past every deadline plus a sweep. */
  private static final Duration SOFT_LIMIT = ChaosStack.JOB_DEADLINE.plus(ChaosStack.SWEEP_INTERVAL).plusMinutes(3);
  /** How long the queue may take to empty once every job ended (Cloud Tasks gives up on a task after 30 min). */
  private static final Duration AFTER_END_LIMIT = Duration.ofMinutes(31);
  private static final int CLIENT_THREADS = 8;

  private final ChaosStack stack;
  private final TasksEmulator tasks;
  private final Path historyDirectory;
  private final SweepScheduler sweeper;
  private final ExecutorService clientThreads = Executors.newFixedThreadPool(CLIENT_THREADS);

  /** @param historyDirectory where each trial's history goes as JSON, or null to keep none */
  Driver(ChaosStack stack, Path historyDirectory) {
    this.stack = stack;
    this.tasks = stack.local().tasks();
    this.historyDirectory = historyDirectory;
    this.sweeper = SweepScheduler.forCaller(stack.local());
  }

  /** Every trial of {@code scenario}, added up. */
  Verdict run(Scenario scenario) {
    Verdict total = Verdict.empty();
    for (int trial = 1; trial <= scenario.trials(); trial++) {
      total = total.plus(trial(scenario, trial));
    }
    return total;
  }

  Verdict trial(Scenario scenario, int trial) {
    stack.reset();
    Random random = scenario.random(trial);
    Instant start = stack.clock().instant();
    History history = new History(start);
    Agenda agenda = new Agenda();
    ChaosClient client = new ChaosClient(stack, history, agenda::add);
    FaultPlan faults = scenario.faults();
    faults.arm(stack, random);
    for (Scenario.PlannedJob job : scenario.workload().plan(random, stack.receiver().url())) {
      agenda.add(start.plus(job.at()), () -> client.create(job, 1));
    }

    Duration drain = drive(scenario, random, history, agenda, start);
    if (drain != null) {
      // Webhooks and late deliveries are still queued when the last job ends; they count too.
      driveUntilNoTask(stack.clock().instant().plus(AFTER_END_LIMIT));
      if (faults.afterJobsEnded(stack, random)) {
        driveUntilNoTask(stack.clock().instant().plus(AFTER_END_LIMIT));
      }
    }

    faults.disarm(stack);
    settle();
    Instant end = stack.clock().instant();
    WorldSnapshot world = new WorldSnapshot(stack.documents());
    world.jobs().values().forEach(job -> history.endState(job.id(), job.status() + " "
        + Objects.requireNonNullElse(job.errorCode(), "") + " " + job.fields().path("request").path("prompt").asText()));
    Set<String> jobsWithTasks = tasks.pendingTasks().stream()
        .map(t -> History.jobOfTask(t.taskName().substring(t.taskName().lastIndexOf('/') + 1)))
        .collect(Collectors.toSet());
    history.collect(tasks.dispatches(), stack.local().veo().starts(), stack.receiver().receipts(),
        DISPATCH_LOG_CAPACITY);
    Set<String> paid = paidOperations(history);
    if (historyDirectory != null) {
      history.write(historyDirectory.resolve(scenario.name()).resolve("trial-" + trial + ".json"));
    }
    return Checker.check(new Checker.Evidence(trial, history, world, jobsWithTasks, end, paid, drain));
  }

  /** Phase one: until every accepted job ended (returns the time that took) or a limit passed (null). */
  private Duration drive(Scenario scenario, Random random, History history, Agenda agenda, Instant start) {
    Instant hardLimit = start.plus(scenario.maxVirtualTime());
    Instant lastCall = start;
    Set<String> open = new HashSet<>();
    while (true) {
      Instant called = runDueCalls(agenda);
      if (called != null) {
        lastCall = called;
      }
      settle();
      Instant now = stack.clock().instant();
      open.addAll(history.acceptedJobs());
      open.removeIf(this::ended);
      if (agenda.isEmpty() && open.isEmpty()) {
        return Duration.between(start, now);
      }
      if (now.isAfter(hardLimit) || (agenda.isEmpty() && now.isAfter(lastCall.plus(SOFT_LIMIT)))) {
        return null;
      }
      scenario.faults().onStep(stack, random);
      stack.receiver().letBusyTimePass();
      stack.clock().advance(nextStep(now, agenda));
    }
  }

  /** After every job ended (and again after replays): until no task is left or {@code limit} passed. */
  private void driveUntilNoTask(Instant limit) {
    while (true) {
      settle();
      Instant now = stack.clock().instant();
      // A job that owes a webhook whose task was lost is the sweeper's to re-drive: wait for it.
      if ((tasks.pendingTaskCount() == 0 && !anyWebhookOwed()) || now.isAfter(limit)) {
        return;
      }
      stack.receiver().letBusyTimePass();
      stack.clock().advance(nextStep(now, new Agenda()));
    }
  }

  private boolean anyWebhookOwed() {
    return new WorldSnapshot(stack.documents()).jobs().values().stream()
        .anyMatch(job -> job.fields().path("webhooks_owed").size() > 0);
  }

  private boolean ended(String jobId) {
    Map<String, Object> job = stack.local().firestore().document(stack.local().projectId(), "jobs/" + jobId).orElse(null);
    return job != null && WorldSnapshot.TERMINAL.contains(String.valueOf(job.get("status")));
  }

  /**
   * Makes the calls that are due, on client threads, while the stack works; calls they schedule for
   * the same instant (a cancel right after the create) run in the next round. Returns when the last
   * call was made, or null if none was due.
   */
  private Instant runDueCalls(Agenda agenda) {
    Instant last = null;
    while (true) {
      List<Runnable> due = agenda.takeDue(stack.clock().instant());
      if (due.isEmpty()) {
        return last;
      }
      last = stack.clock().instant();
      List<Future<?>> running = new ArrayList<>();
      due.forEach(call -> running.add(clientThreads.submit(call)));
      settle();
      for (Future<?> call : running) {
        try {
          call.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while a client call ran", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a client call failed in the harness", e.getCause());
        }
      }
    }
  }

  /**
   * Waits until no delivery is in flight and none is due now — or until the deliveries still in
   * flight have not moved for {@link #QUIET}: those are held by an injected hang (or a receiver
   * that takes its time), which is exactly what the next skip of the clock must find.
   */
  void settle() {
    sweeper.runIfDue();
    long giveUp = System.nanoTime() + SETTLE_LIMIT.toNanos();
    String seen = null;
    long seenSince = 0;
    while (true) {
      try {
        tasks.awaitIdle(Duration.ofMillis(100));
        return;
      } catch (IllegalStateException busy) {
        // Something is in flight or due; see whether it moves.
      }
      String now = tasks.dispatches().size() + " " + tasks.pendingTasks().stream()
          .filter(TaskSnapshot::dispatching).map(t -> t.taskName() + "#" + t.dispatchCount()).sorted().toList();
      if (!now.equals(seen)) {
        seen = now;
        seenSince = System.nanoTime();
      } else if (System.nanoTime() - seenSince >= QUIET.toNanos()) {
        return;
      }
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("the stack did not settle within " + SETTLE_LIMIT + ": " + tasks.pendingTasks());
      }
    }
  }

  /**
   * To the next task due or call planned, at most {@link #IDLE_STEP}; while a due task waits, the
   * shortest rate-token wait of the queues with due tasks (starts wait for the Veo quota's rate).
   */
  private Duration nextStep(Instant now, Agenda agenda) {
    Instant next = now.plus(IDLE_STEP);
    Duration token = null;
    for (TaskSnapshot task : tasks.pendingTasks()) {
      if (task.dispatching()) {
        continue;
      }
      if (!task.scheduleTime().isAfter(now)) {
        Duration wait = stack.rateToken(task.taskName());
        token = token == null || wait.compareTo(token) < 0 ? wait : token;
        continue;
      }
      if (task.scheduleTime().isBefore(next)) {
        next = task.scheduleTime();
      }
    }
    if (token != null) {
      return token.compareTo(MIN_STEP) < 0 ? MIN_STEP : token;
    }
    Instant call = agenda.next();
    if (call != null && call.isBefore(next)) {
      next = call;
    }
    Duration step = Duration.between(now, next);
    return step.compareTo(MIN_STEP) < 0 ? MIN_STEP : step;
  }

  /**
   * The operations that produced a video. The fake Veo renders a success when it is first fetched,
   * so skip past the longest generation and fetch each one (after the checker's snapshot was taken).
   */
  private Set<String> paidOperations(History history) {
    stack.clock().advance(ChaosStack.LONGEST_GENERATION.plusSeconds(5));
    Set<String> paid = new HashSet<>();
    for (History.VeoStart start : history.veoStarts()) {
      try {
        if (stack.operation(start.operationName()) instanceof OperationState.Succeeded) {
          paid.add(start.operationName());
        }
      } catch (RuntimeException unreadable) {
        // Counted as paid: the harness must not hide a bill it could not check.
        paid.add(start.operationName());
      }
    }
    settle();
    return paid;
  }

  @Override
  public void close() {
    clientThreads.shutdownNow();
  }

  /** Client calls waiting for their virtual time, in time order. */
  static final class Agenda {
    private record Planned(Instant at, long seq, Runnable call) {}

    private final PriorityQueue<Planned> planned = new PriorityQueue<>((a, b) ->
        a.at().equals(b.at()) ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));
    private long seq;

    synchronized void add(Instant at, Runnable call) {
      planned.add(new Planned(at, seq++, call));
    }

    synchronized List<Runnable> takeDue(Instant now) {
      List<Runnable> due = new ArrayList<>();
      while (!planned.isEmpty() && !planned.peek().at().isAfter(now)) {
        due.add(planned.poll().call());
      }
      return due;
    }

    synchronized Instant next() {
      return planned.isEmpty() ? null : planned.peek().at();
    }

    synchronized boolean isEmpty() {
      return planned.isEmpty();
    }
  }
}
