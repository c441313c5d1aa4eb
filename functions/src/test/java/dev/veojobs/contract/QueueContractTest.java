package dev.veojobs.contract;

import static dev.veojobs.contract.QueueContract.QUEUE_FILE;
import static dev.veojobs.contract.QueueContract.START_QUEUE_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueContractTest {

  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void terraformQueueUsesTheSharedSettings() {
    List<String> problems = QueueContract.problems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("The Cloud Tasks queue drifted from %s:%n%s", QUEUE_FILE, String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void aRetrySettingWrittenInTerraformIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/tasks.tf", "max_attempts       = local\\.queue\\.max_attempts", "max_attempts       = 5")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "google_cloud_tasks_queue.jobs retry_config.max_attempts is 5 but emulator-config/queue.json says max_attempts = 30");
  }

  @Test
  void aBackoffWithAnotherUnitIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/tasks.tf", "\"\\$\\{local\\.queue\\.min_backoff_seconds\\}s\"", "\"${local.queue.min_backoff_seconds}m\"")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "google_cloud_tasks_queue.jobs retry_config.min_backoff is 5m but emulator-config/queue.json says min_backoff_seconds = 5");
  }

  @Test
  void aStartRateAboveTheVeoQuotaIsReported() {
    TerraformModule drifted = sources
        .replace(START_QUEUE_FILE, "\"max_dispatches_per_second\": 0\\.8", "\"max_dispatches_per_second\": 1")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "emulator-config/start-queue.json max_dispatches_per_second 1 allows 60 dispatches a minute,"
            + " not below Veo's quota of 50 requests a minute");
  }

  /** Issue 10: one queue at 0.8/s made polls and finalizes wait behind starts. */
  @Test
  void aStepsQueueAsSlowAsTheStartQueueIsReported() {
    TerraformModule drifted = sources
        .replace(QUEUE_FILE, "\"max_dispatches_per_second\": 20", "\"max_dispatches_per_second\": 0.8")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "emulator-config/queue.json max_dispatches_per_second 0.8 is below 10 x the start queue's 0.8:"
            + " polls and finalizes would wait behind the Veo quota");
  }

  @Test
  void aStartQueueTerraformDoesNotReadFromItsFileIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/tasks.tf", "max_dispatches_per_second = local\\.start_queue\\.max_dispatches_per_second",
            "max_dispatches_per_second = 5")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "google_cloud_tasks_queue.starts rate_limits.max_dispatches_per_second is 5 but"
            + " emulator-config/start-queue.json says max_dispatches_per_second = 0.8");
  }

  @Test
  void aTimeoutBeyondTheDispatchDeadlineIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/functions.tf", "timeout_seconds                  = 300", "timeout_seconds                  = 400")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "job-finalizer timeout 400 s is not below the dispatch deadline 360 s in emulator-config/queue.json:"
            + " Cloud Tasks would retry a delivery that is still running");
  }

  @Test
  void aMisspeltSettingIsReported() {
    TerraformModule drifted = sources
        .replace(QUEUE_FILE, "\"max_doublings\"", "\"max_doubling\"")
        .parse();

    assertThat(QueueContract.problems(drifted)).contains(
        "emulator-config/queue.json has max_doubling, which Terraform does not map to the queue:"
            + " a misspelt setting would be ignored");
  }

  @Test
  void aQueueThatLogsNothingIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/tasks.tf", "(?<=by its name \\(\\{job\\}-start, \\{job\\}-poll-n, \\{job\\}-finalize\\)\\.\\n"
            + "  stackdriver_logging_config \\{\\n    )sampling_ratio = var\\.queue_log_sampling_ratio", "sampling_ratio = 0")
        .parse();

    assertThat(QueueContract.problems(drifted)).containsExactly(
        "google_cloud_tasks_queue.jobs logs no task operations (stackdriver_logging_config.sampling_ratio);"
            + " a lost or duplicated task could not be traced");
  }
}
