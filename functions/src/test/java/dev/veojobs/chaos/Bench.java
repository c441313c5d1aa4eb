package dev.veojobs.chaos;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs every bench figure at one size and returns what it measured. */
final class Bench {
  /** How big a run is: the full measurement, a quick look, or what mvn verify runs to prove the bench works. */
  enum Size {
    FULL(100, 20, List.of(50, 500), 300, 100, 50, 25, TimeToVideoBench.SCHEDULES, 3),
    QUICK(40, 20, List.of(50, 500), 60, 20, 20, 10, TimeToVideoBench.SCHEDULES, 1),
    INTEGRATION_TEST(6, 3, List.of(500), 6, 3, 3, 3, List.of(TimeToVideoBench.PRODUCTION), 1);

    final int creates;
    final int concurrency;
    final List<Integer> quotas;
    final int burstJobs;
    final int burstUsers;
    final int videoJobs;
    final int videoUsers;
    final List<TimeToVideoBench.Schedule> schedules;
    final int coldRuns;

    Size(int creates, int concurrency, List<Integer> quotas, int burstJobs, int burstUsers, int videoJobs,
        int videoUsers, List<TimeToVideoBench.Schedule> schedules, int coldRuns) {
      this.creates = creates;
      this.concurrency = concurrency;
      this.quotas = quotas;
      this.burstJobs = burstJobs;
      this.burstUsers = burstUsers;
      this.videoJobs = videoJobs;
      this.videoUsers = videoUsers;
      this.schedules = schedules;
      this.coldRuns = coldRuns;
    }
  }

  private Bench() {}

  /** The figures, as {@code --only} names them. */
  static final List<String> FIGURES = List.of("create", "cold", "burst", "video");

  static BenchResults.Run run(Path root, Size size, List<String> coldJvmOptions, java.util.function.Consumer<String> progress)
      throws Exception {
    return run(root, size, FIGURES, coldJvmOptions, progress);
  }

  static BenchResults.Run run(Path root, Size size, List<String> figures, List<String> coldJvmOptions,
      java.util.function.Consumer<String> progress) throws Exception {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    BenchResults.CreateLatency create = null;
    List<BenchResults.ColdStart> cold = List.of();
    if (figures.contains("create") || figures.contains("cold")) {
      progress.accept("create latency and cold start");
      try (ChaosStack stack = ChaosStack.start(root, o -> o
        // Admission limits are not what the latency measures; the global one stays on (its count is read).
        .functionSetting("USER_MAX_IN_FLIGHT", "1000")
        .functionSetting("USER_MAX_JOBS_PER_DAY", "100000")
        .functionSetting("GLOBAL_MAX_IN_FLIGHT", "100000"))) {
        if (figures.contains("create")) {
          create = CreateLatencyBench.run(stack, size.creates, size.concurrency);
        }
        if (figures.contains("cold")) {
          cold = ColdStartBench.run(stack, size.coldRuns, coldJvmOptions);
        }
      }
    }
    List<BenchResults.Burst> bursts = new ArrayList<>();
    for (int quota : figures.contains("burst") ? size.quotas : List.<Integer>of()) {
      progress.accept("burst of " + size.burstJobs + " at quota " + quota + "/min");
      bursts.add(BurstBench.run(root, quota, size.burstJobs, size.burstUsers));
    }
    List<BenchResults.TimeToVideo> video = new ArrayList<>();
    for (TimeToVideoBench.Schedule schedule : figures.contains("video") ? size.schedules : List.<TimeToVideoBench.Schedule>of()) {
      progress.accept("time to video, " + schedule.name());
      video.add(TimeToVideoBench.run(root, schedule, size.videoJobs, size.videoUsers));
    }
    return new BenchResults.Run(started.toString(), size.name().toLowerCase(), (System.nanoTime() - t0) / 1_000_000_000,
        create, bursts, video, cold);
  }
}
