package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IamContractTest {

  private static final String IAM = "terraform/iam.tf";
  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void identitiesHoldExactlyWhatTheirSettingsImply() {
    List<String> problems = IamContract.problems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("IAM drifted from the settings:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void aDroppedRoleIsReported() {
    TerraformModule drifted = sources
        .removeBlock(IAM, "resource \"google_project_iam_member\" \"job_worker_aiplatform\"")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "job-worker (google_service_account.job_worker) lacks roles/aiplatform.user on the project,"
            + " which reading VEO_LOCATION implies");
  }

  @Test
  void aRoleNoSettingNeedsIsReported() {
    TerraformModule drifted = sources
        .append(IAM, """
            resource "google_project_iam_member" "jobs_api_aiplatform" {
              project = var.project_id
              role    = "roles/aiplatform.user"
              member  = google_service_account.jobs_api.member
            }
            """)
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "jobs-api (google_service_account.jobs_api) has roles/aiplatform.user on the project"
            + " (google_project_iam_member.jobs_api_aiplatform), which none of its settings needs");
  }

  @Test
  void aPublicWorkerIsReported() {
    TerraformModule drifted = sources
        .append(IAM, """
            resource "google_cloud_run_v2_service_iam_member" "job_worker_public" {
              project  = var.project_id
              location = google_cloudfunctions2_function.job_worker.location
              name     = google_cloudfunctions2_function.job_worker.name
              role     = "roles/run.invoker"
              member   = "allUsers"
            }
            """)
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "job-worker is invokable by allUsers (google_cloud_run_v2_service_iam_member.job_worker_public);"
            + " only the tasks invoker may call it");
  }

  @Test
  void aFinalizerTheInvokerCannotCallIsReported() {
    TerraformModule drifted = sources
        .removeBlock(IAM, "resource \"google_cloud_run_v2_service_iam_member\" \"job_finalizer_tasks_invoker\"")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "the tasks invoker google_service_account.tasks_invoker lacks roles/run.invoker on job-finalizer;"
            + " Cloud Tasks could not deliver to it");
  }

  @Test
  void anInvokerWithMoreRightsIsReported() {
    TerraformModule drifted = sources
        .append(IAM, """
            resource "google_project_iam_member" "tasks_invoker_datastore" {
              project = var.project_id
              role    = "roles/datastore.user"
              member  = google_service_account.tasks_invoker.member
            }
            """)
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "the tasks invoker google_service_account.tasks_invoker has roles/datastore.user on the project"
            + " (google_project_iam_member.tasks_invoker_datastore); it may only invoke the private functions");
  }

  @Test
  void signingAsAnotherAccountIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/functions.tf", "URL_SIGNER_SA           = google_service_account\\.jobs_api\\.email",
            "URL_SIGNER_SA           = google_service_account.job_finalizer.email")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "jobs-api signs URLs as google_service_account.job_finalizer but runs as google_service_account.jobs_api;"
            + " signBlob without a key file works only for the function's own account");
  }

  @Test
  void aSharedIdentityIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/functions.tf", "service_account_email            = google_service_account\\.jobs_api\\.email",
            "service_account_email            = google_service_account.job_worker.email")
        .parse();

    assertThat(IamContract.problems(drifted))
        .contains("job-worker and jobs-api share google_service_account.job_worker; each function needs its own identity");
  }

  @Test
  void aSweeperCallingAsAnotherAccountIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/scheduler.tf", "service_account_email = google_service_account\\.tasks_invoker\\.email",
            "service_account_email = google_service_account.job_worker.email")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "google_cloud_scheduler_job.sweep calls with the OIDC token of google_service_account.job_worker,"
            + " not of the tasks invoker google_service_account.tasks_invoker");
  }

  @Test
  void aWorkerThatCanDeleteEveryVideoIsReported() {
    TerraformModule drifted = sources
        .append(IAM, """
            resource "google_storage_bucket_iam_member" "job_worker_videos" {
              bucket = google_storage_bucket.videos.name
              role   = "roles/storage.objectAdmin"
              member = google_service_account.job_worker.member
            }
            """)
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "job-worker (google_service_account.job_worker) has roles/storage.objectAdmin on bucket google_storage_bucket.videos"
            + " (google_storage_bucket_iam_member.job_worker_videos), which none of its settings needs",
        "google_service_account.job_worker holds roles/storage.objectAdmin on the whole bucket google_storage_bucket.videos"
            + " (google_storage_bucket_iam_member.job_worker_videos); limit it to the object prefix its code uses with an IAM condition");
  }

  @Test
  void aGrantOnTheWrongPrefixIsReportedAsMissingAndSurplus() {
    TerraformModule drifted = sources
        .replace(IAM, "(?<=for input images as this account\"\\n    expression  = \"resource\\.name\\.startsWith\\(\\\\\"projects/_/buckets/\\$\\{google_storage_bucket\\.videos\\.name\\}/objects/)uploads/",
            "videos/")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactlyInAnyOrder(
        "jobs-api (google_service_account.jobs_api) lacks roles/storage.objectCreator on bucket google_storage_bucket.videos"
            + " (objects under uploads/), which reading VIDEO_BUCKET implies",
        "jobs-api (google_service_account.jobs_api) has roles/storage.objectCreator on bucket google_storage_bucket.videos"
            + " (objects under videos/) (google_storage_bucket_iam_member.jobs_api_uploads_create), which none of its settings needs");
  }

  @Test
  void veoWritingAnywhereInTheBucketIsReported() {
    TerraformModule drifted = sources
        .removeBlock(IAM, "resource \"google_storage_bucket_iam_member\" \"vertex_ai_agent_raw_output_write\"")
        .append(IAM, """
            resource "google_storage_bucket_iam_member" "vertex_ai_agent_raw_output_write" {
              bucket = google_storage_bucket.videos.name
              role   = "roles/storage.objectUser"
              member = "serviceAccount:${google_project_service_identity.aiplatform.email}"
            }
            """)
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "google_project_service_identity.aiplatform holds roles/storage.objectUser on the whole bucket google_storage_bucket.videos"
            + " (google_storage_bucket_iam_member.vertex_ai_agent_raw_output_write); limit it to the object prefix its code uses with an IAM condition");
  }

  @Test
  void aBuilderWithStorageOnTheWholeProjectIsReported() {
    TerraformModule drifted = sources
        .replace(IAM, "(?s)(?<=member  = google_service_account\\.function_builder\\.member\\n)\\n  condition \\{.*?\\n  \\}\\n(?=\\}\\n\\n# IAM is eventually)", "")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "google_service_account.function_builder holds roles/storage.objectAdmin on every bucket of the project"
            + " (google_project_iam_member.function_builder_sources); add a condition naming the buckets it needs");
  }

  @Test
  void aMountedSecretTheFinalizerCannotReadIsReported() {
    TerraformModule drifted = sources
        .removeBlock("terraform/secrets.tf", "resource \"google_secret_manager_secret_iam_member\" \"job_finalizer_webhook_secrets\"")
        .parse();

    assertThat(IamContract.problems(drifted)).containsExactly(
        "job-finalizer (google_service_account.job_finalizer) lacks roles/secretmanager.secretAccessor on secret"
            + " google_secret_manager_secret.webhook_secrets, which reading WEBHOOK_SECRETS implies");
  }

  @Test
  void theSecretReadableByAnotherFunctionIsReported() {
    TerraformModule drifted = sources
        .replace("terraform/secrets.tf", "member    = google_service_account\\.job_finalizer\\.member", "member    = google_service_account.jobs_api.member")
        .parse();

    assertThat(IamContract.problems(drifted)).contains(
        "jobs-api (google_service_account.jobs_api) has roles/secretmanager.secretAccessor on secret"
            + " google_secret_manager_secret.webhook_secrets (google_secret_manager_secret_iam_member.job_finalizer_webhook_secrets),"
            + " which none of its settings needs");
  }
}
