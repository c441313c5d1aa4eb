package dev.veojobs.app;

import java.time.Duration;

/**
 * How long Veo usually takes for a request, from what is known before it starts: the model (fast
 * models take about 60 % of the standard ones), the clip's length and its resolution. Estimates
 * for Veo 3.1 on Vertex AI (tens of seconds to two minutes; up to about 6 minutes at peak); the poll
 * schedule centres its frequent polls on them, so a wrong estimate costs polls or a few seconds,
 * never correctness. Not yet learnt from recent completions (see docs/performance.md).
 */
public final class ExpectedGeneration {
  /** An 8-second 720p clip of a standard Veo 3.1 model. */
  static final Duration STANDARD_8S_720P = Duration.ofSeconds(80);
  static final double FAST_FACTOR = 0.6;
  static final double FULL_HD_FACTOR = 1.3;

  private ExpectedGeneration() {}

  public static Duration of(String model, int durationSeconds, String resolution) {
    double seconds = STANDARD_8S_720P.toSeconds();
    if (model != null && model.contains("fast")) {
      seconds *= FAST_FACTOR;
    }
    // Half of the time is fixed (queueing, setup), half grows with the clip's length.
    int clip = durationSeconds <= 0 ? 8 : durationSeconds;
    seconds *= 0.5 + 0.5 * clip / 8.0;
    if ("1080p".equals(resolution)) {
      seconds *= FULL_HD_FACTOR;
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
