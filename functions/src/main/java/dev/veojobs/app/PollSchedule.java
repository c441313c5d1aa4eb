package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Duration;
import java.time.Instant;

/**
 * When the next poll runs.
 *
 * <p><b>Adaptive</b> ({@code POLL_SCHEDULE=adaptive}, opt-in): one early poll after {@code pollFirstDelay} catches a start
 * that fails at once; then nothing until 70 % of the {@link ExpectedGeneration expected time}
 * since the job started, polls every {@link #windowStep step} (a tenth of the window, 2–5 s) until
 * 130 % of it — Veo's times spread about ±30 % — and after that gaps that grow towards
 * {@code pollMaxInterval}. So a video is noticed a few seconds after it is ready with about ten
 * polls, where a fixed schedule pays either in polls or in delay (docs/performance.md).
 *
 * <p><b>Fixed</b> (the default): the delay starts at {@code pollInterval} and grows by half each poll up to
 * {@code pollMaxInterval}.
 */
final class PollSchedule {
  /** The shortest gap adaptive polling ever leaves between two polls of one chain. */
  static final Duration MIN_ADAPTIVE_GAP = Duration.ofSeconds(2);
  static final Duration MAX_WINDOW_STEP = Duration.ofSeconds(5);
  static final double WINDOW_START = 0.7;
  static final double WINDOW_END = 1.3;
  static final int POLLS_PER_WINDOW = 10;

  private PollSchedule() {}

  /** The delay before a job's first poll, counted from when its operation was recorded. */
  static Duration firstDelay(PipelineSettings settings) {
    return settings.pollFirstDelay();
  }

  /** The delay after poll {@code poll} of a chain that started at {@code firstPoll}, looked at {@code now}. */
  static Duration delayAfter(int poll, int firstPoll, Job job, Instant now, PipelineSettings settings) {
    if (!settings.adaptivePolling() || job.startedAt() == null) {
      return fixedDelayAfter(poll, firstPoll, settings);
    }
    Duration expected = expected(job);
    Duration elapsed = Duration.between(job.startedAt(), now);
    Duration windowStart = scale(expected, WINDOW_START);
    Duration windowEnd = scale(expected, WINDOW_END);
    Duration step = windowStep(expected);
    Duration delay;
    if (elapsed.compareTo(windowStart) < 0) {
      delay = windowStart.minus(elapsed);
    } else if (elapsed.compareTo(windowEnd) <= 0) {
      delay = step;
    } else {
      // Later than Veo usually is: back off towards the fixed schedule's longest gap.
      delay = step.plus(elapsed.minus(windowEnd).dividedBy(4));
      if (delay.compareTo(settings.pollMaxInterval()) > 0) {
        delay = settings.pollMaxInterval().compareTo(step) > 0 ? settings.pollMaxInterval() : step;
      }
    }
    return delay.compareTo(MIN_ADAPTIVE_GAP) < 0 ? MIN_ADAPTIVE_GAP : delay;
  }

  static Duration expected(Job job) {
    var p = job.request().parameters();
    return ExpectedGeneration.of(job.request().model(), p == null ? 8 : p.durationSeconds(),
        p == null ? null : p.resolution());
  }

  /** The gap inside the window: a tenth of it, between {@link #MIN_ADAPTIVE_GAP} and {@link #MAX_WINDOW_STEP}. */
  static Duration windowStep(Duration expected) {
    Duration step = scale(expected, (WINDOW_END - WINDOW_START) / POLLS_PER_WINDOW);
    if (step.compareTo(MAX_WINDOW_STEP) > 0) {
      return MAX_WINDOW_STEP;
    }
    return step.compareTo(MIN_ADAPTIVE_GAP) < 0 ? MIN_ADAPTIVE_GAP : step;
  }

  static Duration fixedDelayAfter(int poll, int firstPoll, PipelineSettings settings) {
    int step = Math.min(Math.max(0, poll - firstPoll), 30);
    double factor = Math.pow(1.5, step);
    long millis = (long) Math.min(settings.pollInterval().toMillis() * factor, (double) Long.MAX_VALUE);
    Duration grown = Duration.ofMillis(millis);
    return grown.compareTo(settings.pollMaxInterval()) > 0 ? settings.pollMaxInterval() : grown;
  }

  /**
   * The shortest gap between two polls of one chain; bounds how far a chain can have counted in a
   * given time. Never zero, so the bound stays finite.
   */
  static Duration shortestGap(PipelineSettings settings) {
    Duration shortest = settings.pollInterval();
    if (settings.pollMaxInterval().compareTo(shortest) < 0) {
      shortest = settings.pollMaxInterval();
    }
    if (settings.adaptivePolling() && MIN_ADAPTIVE_GAP.compareTo(shortest) < 0) {
      shortest = MIN_ADAPTIVE_GAP;
    }
    return shortest.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : shortest;
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }
}
