package dev.veojobs.emulators.veo;

import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes operations when their generation time is up, whether or not anyone polls them: production
 * writes a generation's videos under its storageUri when it ends, so an operation whose start answer
 * was lost still leaves its output where the caller can find it. Wakes on every clock advance and new
 * operation, and at least once a second.
 */
final class CompletionWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CompletionWatcher.class.getName());
  private static final Duration MAX_NAP = Duration.ofSeconds(1);

  private final EmulatorClock clock;
  private final Supplier<Collection<VeoOperation>> operations;
  private final OperationFinisher finisher;
  private final Runnable wake = this::wake;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running;
  private Thread thread;

  CompletionWatcher(EmulatorClock clock, Supplier<Collection<VeoOperation>> operations, OperationFinisher finisher) {
    this.clock = clock;
    this.operations = operations;
    this.finisher = finisher;
  }

  void start() {
    running = true;
    clock.onAdvance(wake);
    thread = Thread.ofPlatform().daemon().name("veo-emulator-completions").start(this::run);
  }

  /** Something changed (a new operation, a clock advance): look again now. */
  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  @Override
  public void close() {
    running = false;
    clock.removeListener(wake);
    wake();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (running) {
      Instant next = finishDue();
      synchronized (signal) {
        if (!woken && running) {
          Duration nap = next == null ? MAX_NAP : Duration.between(clock.instant(), next);
          long millis = Math.max(1, Math.min(nap.toMillis(), MAX_NAP.toMillis()));
          try {
            signal.wait(millis);
          } catch (InterruptedException e) {
            return;
          }
        }
        woken = false;
      }
    }
  }

  /** Finishes every due operation; returns when the next one is due, or null. */
  private Instant finishDue() {
    Instant now = clock.instant();
    Instant next = null;
    for (VeoOperation operation : List.copyOf(operations.get())) {
      if (!operation.pending()) {
        continue;
      }
      if (now.isBefore(operation.doneAt())) {
        next = next == null || operation.doneAt().isBefore(next) ? operation.doneAt() : next;
        continue;
      }
      try {
        operation.finishIfDue(now, finisher);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Veo emulator could not finish " + operation.name(), e);
      }
    }
    return next;
  }
}
