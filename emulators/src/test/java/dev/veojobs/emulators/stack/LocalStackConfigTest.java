package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.stack.config.LocalStackConfig;
import dev.veojobs.emulators.stack.config.ScriptedOutcome;
import dev.veojobs.emulators.veo.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {
  @Test
  void readsTheSharedConfigFiles() {
    LocalStackConfig config = LocalStackConfig.load(RepoPaths.configDirectory());

    assertThat(config.projectId()).isEqualTo("demo-veo-jobs");
    assertThat(config.ports().jobsApi()).isEqualTo(8081);
    assertThat(config.ports().web()).isEqualTo(8000);
    assertThat(config.queue().name()).isEqualTo("veo-jobs");
    assertThat(config.queue().minBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.startQueue().name()).isEqualTo("veo-jobs-start");
    assertThat(config.startQueue().maxDispatchesPerSecond()).isEqualTo(0.8);
    assertThat(config.startQueue().dispatchDeadline()).isEqualTo(config.queue().dispatchDeadline());
    assertThat(config.fakeVeo().generation()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(config.functionSettings()).containsKey("POLL_FIRST_DELAY");
    assertThat(config.fakeVeo().scriptedOutcomes())
        .extracting(ScriptedOutcome::promptContains)
        .containsExactly("[safety]", "[error]", "[no-video]", "[quota]");
    ScriptedOutcome quota = config.fakeVeo().scriptedOutcomes().get(3);
    assertThat(quota.times()).isEqualTo(2);
    assertThat(quota.outcome()).isInstanceOfSatisfying(Outcome.StartError.class,
        e -> assertThat(e.httpStatus()).isEqualTo(429));
    assertThat(config.fakeVeo().scriptedOutcomes().get(1).outcome()).isEqualTo(
        Outcome.operationError(13, "Internal error encountered."));
  }

  @Test
  void aBadValueIsReportedWithItsFieldAndFile(@TempDir Path dir) throws Exception {
    Path source = RepoPaths.configDirectory();
    Files.copy(source.resolve("queue.json"), dir.resolve("queue.json"));
    Files.copy(source.resolve("start-queue.json"), dir.resolve("start-queue.json"));
    Files.writeString(dir.resolve("local-stack.json"), Files.readString(source.resolve("local-stack.json"))
        .replace("\"jobs_api\": 8081", "\"jobs_api\": \"eighty\""));

    assertThatThrownBy(() -> LocalStackConfig.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ports.jobs_api in " + dir.resolve("local-stack.json") + " must be a whole number");
  }

  @Test
  void aMissingFileSaysWhereToRunFrom(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalStackConfig.load(dir))
        .hasMessageContaining("local-stack.json is missing")
        .hasMessageContaining("repository root");
  }
}
