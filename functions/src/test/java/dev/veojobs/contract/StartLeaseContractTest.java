package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.config.Config;
import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A start handler must never outlive its claim, or a retry after the lease could pay Veo again
 * while the first call is still running. So the deployed worker's WORKER_TIMEOUT is its Terraform
 * timeout, and its START_LEASE outlasts that timeout by {@link Config#LEASE_MARGIN}.
 */
class StartLeaseContractTest {
  private final DeployedFunction worker = DeployedFunction.in(TerraformModule.baseline()).get(FunctionName.JOB_WORKER);

  @Test
  void theWorkersTimeoutSettingIsItsTerraformTimeout() {
    Duration timeout = Duration.ofSeconds(worker.timeoutSeconds().orElseThrow().longValue());

    assertThat(Duration.parse(String.valueOf(worker.environment().get(Setting.WORKER_TIMEOUT.envName()))))
        .as("WORKER_TIMEOUT vs the worker's timeout_seconds")
        .isEqualTo(timeout);
  }

  @Test
  void theDeployedLeaseOutlastsTheWorkersTimeoutByTheMargin() {
    Duration timeout = Duration.ofSeconds(worker.timeoutSeconds().orElseThrow().longValue());
    Duration lease = Duration.parse(String.valueOf(worker.environment().get(Setting.START_LEASE.envName())));

    assertThat(lease).isGreaterThanOrEqualTo(timeout.plus(Config.LEASE_MARGIN));
  }

  @Test
  void theDefaultsOutlastEachOtherTheSameWay() {
    assertThat(Duration.parse(Setting.START_LEASE.defaultValue()))
        .isGreaterThanOrEqualTo(Duration.parse(Setting.WORKER_TIMEOUT.defaultValue()).plus(Config.LEASE_MARGIN));
  }
}
