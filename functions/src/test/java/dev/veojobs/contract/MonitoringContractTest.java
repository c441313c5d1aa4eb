package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.log.OpsEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MonitoringContractTest {

  private static final String MONITORING = "terraform/monitoring.tf";
  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void everyMetricCountsLinesTheCodeEmitsAndEveryChartAndAlertUsesADefinedMetric() {
    List<String> problems = MonitoringContract.problems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("Monitoring drifted from dev.veojobs.log.OpsEvent:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void theFiguresTheIssueAsksForEachHaveAMetric() {
    Set<String> counted = new TreeSet<>();
    TerraformModule.baseline().resources(MonitoringContract.METRIC)
        .forEach((name, body) -> counted.add(TerraformModule.text(body.get("filter"))
            .replaceAll(".*jsonPayload\\.event=\"([^\"]+)\".*", "$1")));

    assertThat(counted).contains(OpsEvent.JOB_COMPLETED.eventName(), OpsEvent.JOB_FAILED.eventName(),
        OpsEvent.VEO_CALL.eventName(), OpsEvent.SWEEP_REDRIVEN.eventName(), OpsEvent.JOB_START_UNCERTAIN.eventName());
    assertThat(TerraformModule.baseline().resource(MonitoringContract.METRIC, "time_to_video")).isPresent();
  }

  @Test
  void aRenamedFieldIsReported() {
    TerraformModule drifted = sources
        .replace(MONITORING, "error_code = \"EXTRACT\\(jsonPayload\\.error_code\\)\"", "error_code = \"EXTRACT(jsonPayload.code)\"")
        .parse();

    assertThat(MonitoringContract.problems(drifted)).containsExactly(
        "google_logging_metric.jobs_failed reads jsonPayload.code, which job.failed does not carry (it has "
            + OpsEvent.JOB_FAILED.fields().keySet() + ")");
  }

  @Test
  void anEventTheCodeNeverLogsIsReported() {
    TerraformModule drifted = sources
        .replace(MONITORING, "jsonPayload.event=\\\\\"sweep\\.redriven\\\\\"", "jsonPayload.event=\\\"sweep.redrive\\\"")
        .parse();

    assertThat(MonitoringContract.problems(drifted)).containsExactly(
        "google_logging_metric.sweep_redriven counts event sweep.redrive, which dev.veojobs.log.OpsEvent does not list");
  }

  @Test
  void aValueTheFieldNeverTakesIsReported() {
    TerraformModule drifted = sources
        .replace(MONITORING, "jsonPayload.outcome=\\\\\"rate_limited\\\\\"", "jsonPayload.outcome=\\\"429\\\"")
        .parse();

    assertThat(MonitoringContract.problems(drifted)).containsExactly(
        "google_logging_metric.veo_rate_limited compares jsonPayload.outcome with \"429\", which veo.call never carries"
            + " (it carries " + OpsEvent.VEO_CALL.fields().get("outcome").values() + ")");
  }

  @Test
  void aChartOfAMetricNobodyDefinesIsReported() {
    TerraformSources drifted = sources.replace(MonitoringContract.DASHBOARD_FILE, "user/veo_jobs_sweep_redriven", "user/veo_jobs_redrives");

    assertThat(MonitoringContract.problems(drifted.parse())).containsExactly(
        "google_monitoring_dashboard.operations uses log-based metric veo_jobs_redrives, which no google_logging_metric defines");
  }

  @Test
  void anAlertCreatedBeforeItsMetricExistsIsReported() {
    TerraformModule drifted = sources
        .replace(MONITORING, "depends_on = \\[time_sleep\\.log_metrics_ready\\]\\n\\}\\n\\nresource \"google_monitoring_alert_policy\" \"queue_backlog\"",
            "depends_on = [google_logging_metric.start_uncertain]\n}\n\nresource \"google_monitoring_alert_policy\" \"queue_backlog\"")
        .parse();

    assertThat(MonitoringContract.problems(drifted)).containsExactly(
        "google_monitoring_alert_policy.start_uncertain uses google_logging_metric.start_uncertain but is not ordered after"
            + " a time_sleep that waits for it; a first apply would meet \"Cannot find metric(s)\"");
  }
}
