package dev.veojobs.emulators.stack;

import dev.veojobs.emulators.clock.EmulatorClock;

/**
 * Keeps the functions' clock on the emulators' clock. The functions cannot see an
 * {@link EmulatorClock} (they do not depend on this module), so the stack publishes how far the
 * clock has skipped ahead of the wall clock in a system property their {@code FunctionClock} reads
 * on every call. Only a system-mode clock can be bridged this way: a manual clock stands still
 * while the functions' wall clock runs on.
 */
final class ClockBridge implements AutoCloseable {
  static final String SKIPPED_MILLIS_PROPERTY = "veojobs.clock.skipped_millis";

  private final EmulatorClock clock;
  private final Runnable publish = this::publish;
  private final String previous;

  private ClockBridge(EmulatorClock clock) {
    this.clock = clock;
    this.previous = System.getProperty(SKIPPED_MILLIS_PROPERTY);
  }

  static ClockBridge open(EmulatorClock clock) {
    if (!clock.followsWallClock()) {
      throw new IllegalArgumentException("the functions follow the wall clock, so a stack with functions needs "
          + "EmulatorClock.system() (advance it to skip time), not a manual clock");
    }
    ClockBridge bridge = new ClockBridge(clock);
    bridge.publish();
    clock.onAdvance(bridge.publish);
    return bridge;
  }

  private void publish() {
    System.setProperty(SKIPPED_MILLIS_PROPERTY, Long.toString(clock.skipped().toMillis()));
  }

  @Override
  public void close() {
    clock.removeListener(publish);
    if (previous == null) {
      System.clearProperty(SKIPPED_MILLIS_PROPERTY);
    } else {
      System.setProperty(SKIPPED_MILLIS_PROPERTY, previous);
    }
  }
}
