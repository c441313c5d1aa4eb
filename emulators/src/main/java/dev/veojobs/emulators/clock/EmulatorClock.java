package dev.veojobs.emulators.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock every emulator shares. Tests advance it instead of sleeping: minutes of Veo
 * latency, task backoff or URL expiry pass in milliseconds. In {@link #system()} mode it follows
 * the wall clock plus whatever has been skipped; in {@link #manual(Instant)} mode it stands still
 * until advanced. Emulators that wait for time (the task dispatcher) register a listener so an
 * advance wakes them at once.
 */
public final class EmulatorClock extends Clock {
  private final boolean followsWallClock;
  private final AtomicReference<Instant> manualNow;
  private final AtomicReference<Duration> skipped = new AtomicReference<>(Duration.ZERO);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private EmulatorClock(boolean followsWallClock, Instant start) {
    this.followsWallClock = followsWallClock;
    this.manualNow = new AtomicReference<>(start);
  }

  /** Follows the wall clock; {@link #advance} skips ahead of it. */
  public static EmulatorClock system() {
    return new EmulatorClock(true, null);
  }

  /** Stands still at {@code start} until advanced. */
  public static EmulatorClock manual(Instant start) {
    return new EmulatorClock(false, start);
  }

  @Override
  public Instant instant() {
    Instant base = followsWallClock ? Instant.now() : manualNow.get();
    return base.plus(skipped.get());
  }

  /** Moves time forward and wakes every listener. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + duration);
    }
    skipped.accumulateAndGet(duration, Duration::plus);
    listeners.forEach(Runnable::run);
  }

  /** Called after every {@link #advance}; listeners must not block. */
  public void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** How far {@link #advance} has moved this clock in total (in system mode: ahead of the wall clock). */
  public Duration skipped() {
    return skipped.get();
  }

  public boolean followsWallClock() {
    return followsWallClock;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("the emulator clock runs in UTC");
  }
}
