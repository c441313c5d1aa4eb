package dev.veojobs.chaos;

import java.util.List;
import java.util.Map;

/** What one `./dev bench` run measured, figure by figure; {@link BenchReport} writes it. */
final class BenchResults {
  private BenchResults() {}

  /**
   * Create latency at the jobs-api (wall time, through the invoker and the emulators), one client at a
   * time and {@code concurrency} at once, each create by another user; Firestore commits refused as
   * ABORTED, counted at the emulator; the hello-world function under the same invoker as the floor.
   */
  record CreateLatency(int creates, int concurrency, BenchStats sequentialMs, BenchStats concurrentMs,
      long commits, long aborted, BenchStats helloSequentialMs, BenchStats helloConcurrentMs, int refused) {
    double p99Ratio() {
      return concurrentMs.p99() / sequentialMs.p99();
    }

    double helloP99Ratio() {
      return helloConcurrentMs.p99() / helloSequentialMs.p99();
    }

    double abortedShare() {
      return commits + aborted == 0 ? 0 : (double) aborted / (commits + aborted);
    }
  }

  /** A burst of {@code jobs} created at once against a fake-Veo quota (virtual time). */
  record Burst(int quotaPerMinute, double startDispatchesPerSecond, int jobs, int accepted, int completed,
      Map<String, Integer> failedByCode, int canceled, Double drainSeconds, BenchStats createdToCompletedSeconds,
      int promisesBroken) {
    double completedPerMinute() {
      return drainSeconds == null || drainSeconds == 0 ? Double.NaN : completed / (drainSeconds / 60);
    }

    /** The goal: drained within N/Q + one (longest) generation + 1 minute. */
    double drainGoalSeconds() {
      return jobs * 60.0 / quotaPerMinute + ChaosStack.LONGEST_GENERATION.toSeconds() + 60;
    }

    int failed() {
      return failedByCode.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Operation done at Veo → job COMPLETED, for one poll schedule (virtual time). */
  record TimeToVideo(String schedule, String settings, int jobs, int completed, BenchStats delaySeconds,
      double pollsPerJob, double commitsPerCompleted) {}

  /** First answer of a freshly started invoker JVM, per function, and the ratio to hello-world. */
  record ColdStart(String what, int runs, BenchStats millis, double ratioToHello, long classesLoaded) {}

  record Run(String startedAt, String size, long wallSeconds, CreateLatency create, List<Burst> bursts,
      List<TimeToVideo> timeToVideo, List<ColdStart> coldStarts) {}
}
