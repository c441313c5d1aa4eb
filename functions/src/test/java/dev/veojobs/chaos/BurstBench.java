package dev.veojobs.chaos;

import dev.veojobs.chaos.Scenario.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The burst: {@code jobs} created at once by {@code users} users against a fake-Veo quota, on a stack
 * whose start queue runs at the rate a deployment with that quota sets (48/50 of it), driven by the
 * chaos {@link Driver} on the virtual clock with the production poll schedule and 40–120 s generations.
 */
final class BurstBench {
  /** The start queue keeps under the quota as start-queue.json does: 0.8/s for 50 a minute. */
  static final double QUOTA_SHARE = 0.96;

  private BurstBench() {}

  static BenchResults.Burst run(Path root, int quotaPerMinute, int jobs, int users) {
    double startRate = quotaPerMinute * QUOTA_SHARE / 60;
    try (ChaosStack stack = ChaosStack.start(root, o -> o.startDispatchesPerSecond(startRate));
        Driver driver = new Driver(stack, null)) {
      Scenario scenario = new Scenario("burst-" + quotaPerMinute, jobs + " jobs at once, quota " + quotaPerMinute,
          Scenarios.DEFAULT_SEED, 1, Workload.of(jobs, users).spread(Duration.ZERO).markers(""),
          FaultPlan.veoQuota(quotaPerMinute), Duration.ofHours(3));
      Verdict v = driver.trial(scenario, 1);
      List<Double> seconds = new ArrayList<>();
      for (WorldSnapshot.Job job : new WorldSnapshot(stack.documents()).jobs().values()) {
        Instant completed = WorldSnapshot.instant(job.fields().path("completed_at"));
        if ("COMPLETED".equals(job.status()) && completed != null) {
          seconds.add(Duration.between(job.createdAt(), completed).toMillis() / 1000.0);
        }
      }
      return new BenchResults.Burst(quotaPerMinute, startRate, jobs, v.accepted(), v.completed(), v.failedByCode(),
          v.canceled(), v.drain() == null ? null : v.drain().toMillis() / 1000.0, BenchStats.of(seconds),
          v.promisesBroken());
    }
  }
}
