package dev.veojobs.emulators.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults the emulator injects into delivery, to exercise a handler's idempotency and a
 * pipeline's patience: duplicate deliveries (Cloud Tasks is at-least-once), late deliveries, and
 * responses lost after the handler ran (the handler's effect happened, yet the task is retried).
 * Settings stay until changed or {@link #clear() cleared}; {@link #onlyForUrlsContaining} limits
 * them to tasks whose URL contains a substring. Thread-safe; methods chain.
 */
public final class TaskFaults {
  /** Whether and how each attempt is delivered a second time. */
  public enum Duplicate {
    NONE,
    /** The copy is sent after the first delivery's response. */
    SEQUENTIAL,
    /** Both deliveries are in flight at the same time. */
    CONCURRENT
  }

  /** The current settings; {@code urlContains} is null when they apply to every task. */
  public record Settings(Duplicate duplicate, Duration delay, boolean dropResponse, String urlContains) {
    static final Settings NONE = new Settings(Duplicate.NONE, Duration.ZERO, false, null);

    boolean appliesTo(String url) {
      return urlContains == null || url.contains(urlContains);
    }
  }

  private volatile Settings settings = Settings.NONE;

  /** Every attempt reaches the target twice, one after the other or both at once. */
  public synchronized TaskFaults deliverTwice(boolean concurrently) {
    Settings s = settings;
    settings = new Settings(concurrently ? Duplicate.CONCURRENT : Duplicate.SEQUENTIAL, s.delay(), s.dropResponse(), s.urlContains());
    return this;
  }

  /** Stops duplicating deliveries, keeping the other settings. */
  public synchronized TaskFaults deliverOnce() {
    Settings s = settings;
    settings = new Settings(Duplicate.NONE, s.delay(), s.dropResponse(), s.urlContains());
    return this;
  }

  /** Every attempt goes out this long (emulator clock) after it became due; ETA headers keep the schedule time. */
  public synchronized TaskFaults delayDelivery(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    Settings s = settings;
    settings = new Settings(s.duplicate(), delay, s.dropResponse(), s.urlContains());
    return this;
  }

  /** The handler runs, but the attempt counts as failed without a response and is retried. */
  public synchronized TaskFaults dropResponseAfterHandler(boolean drop) {
    Settings s = settings;
    settings = new Settings(s.duplicate(), s.delay(), drop, s.urlContains());
    return this;
  }

  /** Limits the faults to tasks whose URL contains {@code substring}; null lifts the limit. */
  public synchronized TaskFaults onlyForUrlsContaining(String substring) {
    Settings s = settings;
    settings = new Settings(s.duplicate(), s.delay(), s.dropResponse(), substring);
    return this;
  }

  public synchronized TaskFaults clear() {
    settings = Settings.NONE;
    return this;
  }

  public Settings settings() {
    return settings;
  }

  /** The settings that apply to a delivery to {@code url}. */
  Settings forUrl(String url) {
    Settings s = settings;
    return s.appliesTo(url) ? s : Settings.NONE;
  }
}
