package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Scheduler for the local stack: posts to the worker's {@code /sweep} on the schedule in
 * {@code emulator-config/scheduler.json} (the file Terraform's scheduler job reads too), on the
 * stack's clock, with an OIDC token like the real scheduler's. Without it a task that was dropped
 * would leave a job stuck forever on {@code ./dev up}.
 *
 * <p>Only {@code *}{@code /N * * * *} schedules (every N minutes, on the minute) are understood —
 * the shape the project uses — and anything else is refused at start-up rather than misread. When
 * tests skip time, the clock may jump over several slots at once: one sweep covers them, as one
 * sweep covers missed ones in production.
 */
public final class SweepScheduler implements AutoCloseable {
  public static final String FILE = "scheduler.json";
  private static final Pattern EVERY_N_MINUTES = Pattern.compile("\\*/(\\d{1,2}) \\* \\* \\* \\*");

  private final EmulatorClock clock;
  private final Duration every;
  private final URI sweepUrl;
  private final Supplier<String> token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-sweep-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final Runnable onAdvance = this::tick;
  private Instant next;
  private int sweeps;
  private int failures;

  /** A scheduler for {@code stack}'s worker on the stack's schedule, not started: see {@link #runIfDue}. */
  public static SweepScheduler forCaller(LocalStack stack) {
    return new SweepScheduler(stack.clock(), interval(stack.config().directory()), stack.workerUrl(),
        () -> stack.tasks().oidcToken(LocalStack.tasksInvoker(stack.projectId()), stack.workerUrl()));
  }

  SweepScheduler(EmulatorClock clock, Duration every, String workerUrl, Supplier<String> token) {
    this.clock = clock;
    this.every = every;
    this.sweepUrl = URI.create(workerUrl + "/sweep");
    this.token = token;
    this.next = nextSlotAfter(clock.instant(), every);
  }

  /** The schedule a configuration directory without {@code scheduler.json} gets (the repository's own). */
  public static final String DEFAULT_SCHEDULE = "*/2 * * * *";

  /** The sweep interval of {@code scheduler.json} in {@code configDirectory}. */
  public static Duration interval(Path configDirectory) {
    Path file = configDirectory.resolve(FILE);
    if (!Files.exists(file)) {
      return parse(DEFAULT_SCHEDULE, "the default schedule");
    }
    try {
      JsonNode root = new ObjectMapper().readTree(Files.readString(file));
      return parse(root.path("sweep_schedule").asText(""), file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Duration parse(String schedule, String where) {
    Matcher m = EVERY_N_MINUTES.matcher(schedule.strip());
    int minutes = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    if (minutes < 1 || minutes > 59 || 60 % minutes != 0) {
      throw new IllegalArgumentException("sweep_schedule in " + where + " must be \"*/N * * * *\" with N dividing 60,"
          + " got \"" + schedule + "\"");
    }
    return Duration.ofMinutes(minutes);
  }

  static Instant nextSlotAfter(Instant now, Duration every) {
    long step = every.toMillis();
    return Instant.ofEpochMilli((now.toEpochMilli() / step + 1) * step);
  }

  SweepScheduler start() {
    clock.onAdvance(onAdvance);
    ticks.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    if (takeDueSlot()) {
      // Off the caller's thread: an advance of the clock must not wait for a sweep.
      ticks.execute(this::sweep);
    }
  }

  private synchronized boolean takeDueSlot() {
    Instant now = clock.instant();
    if (now.isBefore(next)) {
      return false;
    }
    next = nextSlotAfter(now, every);
    return true;
  }

  /**
   * For a caller that drives the clock itself and must know a sweep has finished before it moves
   * on (the chaos harness): runs the sweep now, on this thread, when a slot has come. Use it on a
   * scheduler that was not started.
   */
  public boolean runIfDue() {
    if (!takeDueSlot()) {
      return false;
    }
    sweep();
    return true;
  }

  private void sweep() {
    try {
      HttpRequest request = HttpRequest.newBuilder(sweepUrl)
          .timeout(Duration.ofSeconds(120))
          .header("Authorization", "Bearer " + token.get())
          .header("User-Agent", "Google-Cloud-Scheduler")
          .POST(HttpRequest.BodyPublishers.noBody())
          .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      record(status / 100 == 2);
    } catch (IOException e) {
      record(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void record(boolean ok) {
    if (ok) {
      sweeps++;
    } else {
      failures++;
    }
    notifyAll();
  }

  /** Sweeps that answered 2xx so far. */
  public synchronized int sweeps() {
    return sweeps;
  }

  /** Sweeps that failed (not 2xx, or no answer); the next slot tries again, as Cloud Scheduler would. */
  public synchronized int failures() {
    return failures;
  }

  /** Waits (wall clock) until at least {@code count} sweeps answered; false on timeout. */
  public synchronized boolean awaitSweeps(int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (sweeps < count) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  public Duration every() {
    return every;
  }

  @Override
  public void close() {
    clock.removeListener(onAdvance);
    ticks.shutdownNow();
  }
}
