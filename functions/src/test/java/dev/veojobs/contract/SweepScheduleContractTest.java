package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.stack.SweepScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local stack's sweeper and the deployed Cloud Scheduler job run on one schedule, read from
 * emulator-config/scheduler.json, so a job that a lost task would leave stuck recovers on
 * {@code ./dev up} exactly as it does in production.
 */
class SweepScheduleContractTest {

  @Test
  void terraformSchedulesTheSweepFromTheFileTheLocalStackReads() throws IOException {
    String scheduler = Files.readString(Path.of("..", "terraform", "scheduler.tf"));

    assertThat(scheduler).contains("jsondecode(file(\"${path.module}/../emulator-config/scheduler.json\"))")
        .contains("coalesce(var.sweep_schedule, local.scheduler_file.sweep_schedule)")
        .contains("schedule         = local.sweep_schedule");
    assertThat(Files.readString(Path.of("..", "terraform", "variables.tf")))
        .as("the variable only overrides the file").contains("default     = null");
  }

  @Test
  void theLocalStackSweepsEveryTwoMinutesAsTheFileSays() {
    assertThat(SweepScheduler.interval(Path.of("..", "emulator-config"))).isEqualTo(Duration.ofMinutes(2));
  }
}
