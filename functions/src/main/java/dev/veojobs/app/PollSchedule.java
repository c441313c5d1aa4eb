package dev.veojobs.app;

import java.time.Duration;

/**
 * When the next poll runs. The delay starts at {@code pollInterval} and grows by half each poll
 * up to {@code pollMaxInterval}: most videos are ready within a minute or two, and a long
 * generation should not cost a poll every few seconds.
 */
final class PollSchedule {
  private PollSchedule() {}

  /** The delay after poll {@code poll} of a chain that started at {@code firstPoll}. */
  static Duration delayAfter(int poll, int firstPoll, PipelineSettings settings) {
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
    return shortest.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : shortest;
  }
}
