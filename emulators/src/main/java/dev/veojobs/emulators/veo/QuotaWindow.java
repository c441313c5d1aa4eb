package dev.veojobs.emulators.veo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Vertex's per-minute, per-base-model request quota, as a sliding one-minute window on the
 * emulator clock: a request is admitted while fewer than the limit were admitted in the last 60 s.
 */
final class QuotaWindow {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private final Map<String, Deque<Instant>> admittedByBaseModel = new HashMap<>();

  synchronized boolean tryAdmit(String baseModel, Instant now, int perMinute) {
    Deque<Instant> admitted = admittedByBaseModel.computeIfAbsent(baseModel, k -> new ArrayDeque<>());
    Instant windowStart = now.minus(WINDOW);
    while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(windowStart)) {
      admitted.pollFirst();
    }
    if (admitted.size() >= perMinute) {
      return false;
    }
    admitted.addLast(now);
    return true;
  }

  synchronized void clear() {
    admittedByBaseModel.clear();
  }
}
