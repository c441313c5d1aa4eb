package dev.veojobs.chaos;

import dev.veojobs.chaos.Scenario.Workload;
import dev.veojobs.emulators.tasks.DispatchRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time to video: {@code jobs} jobs of both models and resolutions spread over a few minutes, each
 * generation taking its request's expected time ± 30 % (about 25–135 s), no faults, no webhooks;
 * for each completed job, the time from the moment its Veo operation finished (at the fake Veo) to
 * the job's {@code completed_at}, and how many polls it took. Also the Firestore commits per
 * completed job (counted at the emulator; a poll that finds Veo running writes nothing, which
 * {@code PollGenerationTest} and the Firestore write counter in {@code PipelineIT} hold).
 */
final class TimeToVideoBench {
  /** A poll schedule as the four settings the worker reads. */
  record Schedule(String name, String mode, String first, String interval, String max) {
    String describe() {
      if (mode.equals("adaptive")) {
        return "first " + Duration.parse(first).toSeconds() + " s, then from 70 % to 130 % of the expected time "
            + "every 2–5 s, then growing to " + Duration.parse(max).toSeconds() + " s";
      }
      return "first " + Duration.parse(first).toSeconds() + " s, every " + Duration.parse(interval).toSeconds()
          + " s growing to " + Duration.parse(max).toSeconds() + " s";
    }
  }

  static final Schedule PRODUCTION = new Schedule("adaptive (opt-in)", "adaptive", "PT15S", "PT10S", "PT30S");
  static final List<Schedule> SCHEDULES = List.of(PRODUCTION,
      new Schedule("fixed (the default)", "fixed", "PT15S", "PT10S", "PT30S"),
      new Schedule("fixed eager", "fixed", "PT5S", "PT3S", "PT5S"),
      new Schedule("fixed frugal", "fixed", "PT30S", "PT20S", "PT60S"));

  private TimeToVideoBench() {}

  static BenchResults.TimeToVideo run(Path root, Schedule schedule, int jobs, int users) {
    try (ChaosStack stack = ChaosStack.start(root, o -> o
            .functionSetting("POLL_SCHEDULE", schedule.mode())
            .functionSetting("POLL_FIRST_DELAY", schedule.first())
            .functionSetting("POLL_INTERVAL", schedule.interval())
            .functionSetting("POLL_MAX_INTERVAL", schedule.max())
            // Limits are not what this measures.
            .functionSetting("GLOBAL_MAX_IN_FLIGHT", "0"));
        Driver driver = new Driver(stack, null)) {
      Scenario scenario = new Scenario("time-to-video", jobs + " jobs over " + jobs * 6 + " s", Scenarios.DEFAULT_SEED,
          1, Workload.of(jobs, users).spread(Duration.ofSeconds(jobs * 6L)).markers("").withMixedModels().webhooks(0),
          FaultPlan.veoExpectedLatency(0.3),
          Duration.ofHours(2));
      Verdict v = driver.trial(scenario, 1);
      // The trial resets the emulators first, so their counters hold exactly this trial.
      long commits = stack.local().firestore().commitCount();

      Map<String, Integer> polls = new HashMap<>();
          for (DispatchRecord d : stack.local().tasks().dispatches()) {
        if (d.taskId().contains("-poll-")) {
          polls.merge(History.jobOfTask(d.taskId()), 1, Integer::sum);
        }
      }
      List<Double> delays = new ArrayList<>();
      int completed = 0;
      long pollCount = 0;
      for (WorldSnapshot.Job job : new WorldSnapshot(stack.documents()).jobs().values()) {
        if (!"COMPLETED".equals(job.status())) {
          continue;
        }
        completed++;
        pollCount += polls.getOrDefault(job.id(), 0);
        Instant done = stack.local().veo().operationDoneAt(job.fields().path("operation_name").asText()).orElse(null);
        Instant finished = WorldSnapshot.instant(job.fields().path("completed_at"));
        if (done != null && finished != null) {
          delays.add(Duration.between(done, finished).toMillis() / 1000.0);
        }
      }
      return new BenchResults.TimeToVideo(schedule.name(), schedule.describe(), v.accepted(), completed,
          BenchStats.of(delays), completed == 0 ? Double.NaN : (double) pollCount / completed,
          completed == 0 ? Double.NaN : (double) commits / completed);
    }
  }
}
