package dev.veojobs.chaos;

import static dev.veojobs.chaos.BenchStats.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** target/bench/report.md (every figure, its goal, its method) and report.json (the same, as data). */
final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Issue 10's figures on main before this work (commit 961ed65), measured the same way. */
  static final String HISTORY = """
      ## History

      | figure | before (main 961ed65, issue 10) | after |
      |---|---|---|
      | burst 300 jobs, quota 50/min: completed per minute | ~15.7 (19.1 min to drain) | see the burst table above |
      | create, 20 concurrent: p99 / max, ABORTED | 3,058 ms / 10.9 s, 154 ABORTED per 500 creates | see the create table above |
      | jobs-api cold start ratio to hello-world | ×2.6 (401), ×3.4 (GET), ×3.6 (POST) | see the cold start table above |
      | operation done → COMPLETED, production schedule | 11.5 s (30 s generation), 4.1 s (120 s), one job each | see the time-to-video table above |
      | Firestore commits per completed job | 5 | see the time-to-video table above |

      Changes: the global in-flight counter sharded over 16 documents and read outside the create
      transaction; starts on their own queue at the Veo quota, every other step on a fast queue.
      docs/performance.md keeps each run's numbers.
      """;

  private BenchReport() {}

  static void write(BenchResults.Run run, Path directory) throws IOException {
    Files.createDirectories(directory);
    JSON.writeValue(directory.resolve("report.json").toFile(), run);
    Files.writeString(directory.resolve("report.md"), markdown(run));
  }

  static String markdown(BenchResults.Run run) {
    StringBuilder md = new StringBuilder();
    md.append("# ./dev bench — ").append(run.size()).append(" run, ").append(run.startedAt())
        .append(" (").append(run.wallSeconds()).append(" s wall)\n\n")
        .append("The machine is shared and has 2 cores: wall-time figures are noisy, so every comparison is a ratio ")
        .append("measured side by side in this run (hello-world under the same invoker in the same JVM). Burst and ")
        .append("time-to-video figures are virtual time on the stack's clock (the production poll schedule, fake-Veo ")
        .append("generations of 40–120 s); operations are counted at the emulators.\n\n");

    BenchResults.CreateLatency c = run.create();
    if (c != null) {
      md.append("## Create latency (wall ms, ").append(c.creates()).append(" creates each, one user per create)\n\n")
          .append("| | sequential p50 / p99 / max | ").append(c.concurrency()).append(" concurrent p50 / p99 / max | p99 ratio |\n")
          .append("|---|---|---|---|\n")
          .append("| POST /v1/jobs | ").append(triple(c.sequentialMs())).append(" | ").append(triple(c.concurrentMs()))
          .append(" | ×").append(format(c.p99Ratio())).append(" |\n")
          .append("| hello-world | ").append(triple(c.helloSequentialMs())).append(" | ").append(triple(c.helloConcurrentMs()))
          .append(" | ×").append(format(c.helloP99Ratio())).append(" |\n\n")
          .append("Firestore during the creates: ").append(c.commits()).append(" commits, **").append(c.aborted())
          .append(" ABORTED** (").append(format(100 * c.abortedShare())).append(" %; goal ≤ 1 %). Creates refused: ")
          .append(c.refused()).append(". Goal: concurrent p99 ≤ 6 × sequential p99 → ")
          .append(c.p99Ratio() <= 6 ? "met" : "**missed**").append(".\n\n");
    }

    if (!run.bursts().isEmpty()) {
      md.append("## Burst (virtual time)\n\n")
          .append("| quota / min | start queue /s | jobs | completed | failed | drain | goal drain | completed / min | goal / min | created→COMPLETED p50 / max | promises broken |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (BenchResults.Burst b : run.bursts()) {
        md.append("| ").append(b.quotaPerMinute()).append(" | ").append(format(b.startDispatchesPerSecond()))
            .append(" | ").append(b.jobs()).append(" | ").append(b.completed()).append(" | ").append(b.failed())
            .append(b.failedByCode().isEmpty() ? "" : " " + b.failedByCode())
            .append(" | ").append(b.drainSeconds() == null ? "did not drain" : format(b.drainSeconds()) + " s")
            .append(" | ").append(format(b.drainGoalSeconds())).append(" s")
            .append(" | ").append(format(b.completedPerMinute()))
            .append(" | ").append(format(0.9 * Math.min(b.quotaPerMinute(), b.jobs() * 60.0 / b.drainGoalSeconds())))
            .append(" | ").append(format(b.createdToCompletedSeconds().p50())).append(" s / ")
            .append(format(b.createdToCompletedSeconds().max())).append(" s")
            .append(" | ").append(b.promisesBroken()).append(" |\n");
      }
      md.append("\nCompleted per minute counts from the first create to the last job's end, so a small burst ")
          .append("is dominated by one generation; the goal per minute is 0.9 × the quota, or what the drain goal allows.\n\n");
    }

    if (!run.timeToVideo().isEmpty()) {
      md.append("## Time to video (virtual time): operation done at Veo → job COMPLETED\n\n")
          .append("| poll schedule | settings | jobs | completed | delay p50 / p95 / max | polls per job | Firestore commits per completed job |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (BenchResults.TimeToVideo t : run.timeToVideo()) {
        md.append("| ").append(t.schedule()).append(" | ").append(t.settings()).append(" | ").append(t.jobs())
            .append(" | ").append(t.completed()).append(" | ").append(format(t.delaySeconds().p50())).append(" / ")
            .append(format(t.delaySeconds().p95())).append(" / ").append(format(t.delaySeconds().max())).append(" s | ")
            .append(format(t.pollsPerJob())).append(" | ").append(format(t.commitsPerCompleted())).append(" |\n");
      }
      md.append("\nGoal (production schedule): p50 ≤ 3 s, p95 ≤ 6 s, ≤ 10 polls per job; ≤ 5 commits per completed ")
          .append("job. The schedules trade polls (Cloud Tasks dispatches and worker calls) for delay.\n\n");
    }

    if (!run.coldStarts().isEmpty()) {
      md.append("## Cold start (wall ms, fresh JVM per run, process start → first answer)\n\n")
          .append("| function | runs | p50 / max | ratio to hello-world (p50) | classes loaded |\n|---|---|---|---|---|\n");
      for (BenchResults.ColdStart s : run.coldStarts()) {
        md.append("| ").append(s.what()).append(" | ").append(s.runs()).append(" | ").append(format(s.millis().p50()))
            .append(" / ").append(format(s.millis().max())).append(" | ×").append(format(s.ratioToHello()))
            .append(" | ").append(s.classesLoaded()).append(" |\n");
      }
      md.append("\nGoal: ≤ ×1.5 for all three jobs-api rows.\n\n");
    }
    md.append(HISTORY);
    return md.toString();
  }

  private static String triple(BenchStats s) {
    return format(s.p50()) + " / " + format(s.p99()) + " / " + format(s.max());
  }
}
