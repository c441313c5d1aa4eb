package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstApplyContractTest {

  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void aFirstApplyOnANewProjectMeetsNoDisabledApiAndNoUnsettledGrant() {
    List<String> problems = FirstApplyContract.problems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("A first apply would race:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void theGraphSeesReferencesThroughLocalsAndDependsOn() {
    DependencyGraph graph = DependencyGraph.of(TerraformModule.baseline());

    // WORKER_URL is local.worker_url, built from the project number.
    assertThat(graph.waitsFor("google_cloudfunctions2_function.jobs_api", "data.google_project.this")).isTrue();
    assertThat(graph.waitsFor("google_cloudfunctions2_function.jobs_api", "google_project_service.apis")).isTrue();
    assertThat(graph.waitsFor("google_project_service.apis", "google_cloudfunctions2_function.jobs_api")).isFalse();
  }

  @Test
  void aServiceAccountCreatedBeforeTheIamApiIsOnIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/iam.tf", "(?<=caller of the private functions\"\\n)\\n  depends_on = \\[time_sleep\\.apis_ready\\]", "")
        .parse();

    assertThat(FirstApplyContract.problems(drifted)).contains(
        "google_service_account.tasks_invoker uses iam.googleapis.com but is not ordered after time_sleep.apis_ready;"
            + " on a new project it would meet the API still disabled");
  }

  @Test
  void anApiMissingFromTheListIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/apis.tf", "^    \"cloudscheduler\\.googleapis\\.com\",.*\\n", "")
        .parse();

    assertThat(FirstApplyContract.problems(drifted)).containsExactly(
        "google_cloud_scheduler_job.sweep uses cloudscheduler.googleapis.com, which local.required_apis does not enable");
  }

  @Test
  void aBuildThatWaitsForTheGrantButNotForItToTakeEffectIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/functions.tf", "time_sleep\\.grants_propagated,(?=\\n  \\]\\n\\}\\n\\n# Private, like the worker)",
            "google_project_iam_member.function_builder_logs,")
        .parse();

    assertThat(FirstApplyContract.problems(drifted)).containsExactlyInAnyOrder(
        "job-worker (google_cloudfunctions2_function.job_worker) is not ordered after a time_sleep that waits for"
            + " google_project_iam_member.function_builder_logs; its build could start before the grant takes effect",
        "job-worker (google_cloudfunctions2_function.job_worker) is not ordered after a time_sleep that waits for"
            + " google_project_iam_member.function_builder_images; its build could start before the grant takes effect",
        "job-worker (google_cloudfunctions2_function.job_worker) is not ordered after a time_sleep that waits for"
            + " google_project_iam_member.function_builder_sources; its build could start before the grant takes effect");
  }

  @Test
  void aFinalizerDeployedBeforeItCanReadItsSecretIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/iam.tf", "^    google_secret_manager_secret_iam_member\\.job_finalizer_webhook_secrets,\\n", "")
        .parse();

    assertThat(FirstApplyContract.problems(drifted)).containsExactly(
        "job-finalizer (google_cloudfunctions2_function.job_finalizer) is not ordered after a time_sleep that waits for"
            + " google_secret_manager_secret_iam_member.job_finalizer_webhook_secrets; its deploy could start before the grant takes effect");
  }
}
