package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cloud Tasks has no queue-level dispatch deadline: the code sets it on every task. Its default
 * must be the deadline queue.json states (which Terraform passes to every function and the local
 * stack uses), and Terraform must pass it from that file rather than a literal of its own.
 */
class DispatchDeadlineContractTest {

  @Test
  void theSettingsDefaultIsTheQueueFilesDeadline() throws IOException {
    long seconds = new ObjectMapper()
        .readTree(Files.readString(Path.of("..", "emulator-config", "queue.json")))
        .get("dispatch_deadline_seconds").asLong();

    assertThat(Duration.parse(Setting.TASKS_DISPATCH_DEADLINE.defaultValue()))
        .as("TASKS_DISPATCH_DEADLINE default vs emulator-config/queue.json dispatch_deadline_seconds")
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void terraformPassesTheQueueFilesDeadlineToEveryFunction() throws IOException {
    String functions = Files.readString(Path.of("..", "terraform", "functions.tf"));
    long passed = functions.lines()
        .filter(line -> line.trim().startsWith("TASKS_DISPATCH_DEADLINE"))
        .filter(line -> line.contains("local.queue.dispatch_deadline_seconds"))
        .count();

    assertThat(passed).as("functions whose TASKS_DISPATCH_DEADLINE comes from queue.json").isEqualTo(3);
  }
}
