package dev.veojobs.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a function instance runs on. Deployed, it is the system clock. The local stack runs
 * the functions in the same JVM as the emulators, whose shared clock tests move forward (minutes of
 * Veo latency in milliseconds); it publishes how far that clock has skipped ahead of the wall clock
 * in the system property {@value #SKIPPED_MILLIS_PROPERTY}, and this clock adds it, so leases, poll
 * schedules, deadlines, token checks and URL signatures agree with the emulators' time. Nothing
 * sets the property on Cloud Run.
 */
public final class FunctionClock extends Clock {
  public static final String SKIPPED_MILLIS_PROPERTY = "veojobs.clock.skipped_millis";

  private static final FunctionClock INSTANCE = new FunctionClock();

  private FunctionClock() {}

  public static FunctionClock get() {
    return INSTANCE;
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(skippedMillis());
  }

  /** Read on every call: the stack changes it while the functions run. Anything unparsable counts as 0. */
  static long skippedMillis() {
    String value = System.getProperty(SKIPPED_MILLIS_PROPERTY);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
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
    throw new UnsupportedOperationException("the functions' clock runs in UTC");
  }
}
