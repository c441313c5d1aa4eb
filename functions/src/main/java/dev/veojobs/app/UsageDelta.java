package dev.veojobs.app;

/** Increments to {@code usage/{uid}/days/{yyyymmdd}}. Only completed jobs count seconds. */
public record UsageDelta(int jobsStarted, int jobsCompleted, int secondsGenerated) {
  public static final UsageDelta NONE = new UsageDelta(0, 0, 0);

  public boolean isEmpty() {
    return jobsStarted == 0 && jobsCompleted == 0 && secondsGenerated == 0;
  }
}
