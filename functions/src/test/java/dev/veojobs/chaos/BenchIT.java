package dev.veojobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench at a tiny size: proves every figure is measured and written, not how fast anything is
 * (no timing asserts; `./dev bench` is the measurement).
 */
class BenchIT {
  @Test
  void everyFigureIsMeasuredAndWritten(@TempDir Path out) throws Exception {
    BenchResults.Run run = Bench.run(ChaosStack.findRoot(), Bench.Size.INTEGRATION_TEST, List.of(), what -> { });
    BenchReport.write(run, out);

    assertThat(run.create().sequentialMs().count()).isEqualTo(Bench.Size.INTEGRATION_TEST.creates);
    assertThat(run.create().refused()).as("creates refused").isZero();
    assertThat(run.bursts()).singleElement().satisfies(b -> {
      assertThat(b.completed()).isEqualTo(b.jobs());
      assertThat(b.drainSeconds()).isNotNull();
      assertThat(b.promisesBroken()).isZero();
    });
    assertThat(run.timeToVideo()).singleElement().satisfies(t -> {
      assertThat(t.completed()).isEqualTo(t.jobs());
      assertThat(t.delaySeconds().count()).isEqualTo(t.completed());
      assertThat(t.delaySeconds().p50()).isNotNegative();
      assertThat(t.pollsPerJob()).isGreaterThanOrEqualTo(1);
      assertThat(t.commitsPerCompleted()).isPositive();
    });
    assertThat(run.coldStarts()).extracting(BenchResults.ColdStart::what)
        .containsExactly("hello-world", "jobs-api 401 (no token)", "jobs-api GET /v1/jobs", "jobs-api POST /v1/jobs");
    assertThat(run.coldStarts()).allSatisfy(c -> assertThat(c.classesLoaded()).isPositive());

    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("## Create latency", "## Burst", "## Time to video", "## Cold start", "## History");
    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(json.path("bursts").get(0).path("quota_per_minute").isMissingNode()
        && json.path("bursts").get(0).path("quotaPerMinute").isMissingNode()).isFalse();
  }
}
