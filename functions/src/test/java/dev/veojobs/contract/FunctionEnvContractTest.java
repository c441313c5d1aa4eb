package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionEnvContractTest {

  private static final String FUNCTIONS = "terraform/functions.tf";
  private final TerraformSources sources = TerraformModule.baseline().sources();

  @Test
  void terraformSetsExactlyTheSettingsEachFunctionReads() {
    List<String> problems = FunctionEnvContract.problems(TerraformModule.baseline());

    assertThat(problems)
        .withFailMessage("Terraform environment drifted from dev.veojobs.config.Setting:%n%s", String.join("\n", problems))
        .isEmpty();
  }

  @Test
  void aRenamedVariableIsReportedAsMissingAndUnknown() {
    TerraformModule drifted = sources
        .replace(FUNCTIONS, "URL_SIGNER_SA(?=\\s+= google_service_account\\.jobs_api\\.email)", "URL_SIGNING_SA")
        .parse();

    assertThat(FunctionEnvContract.problems(drifted)).containsExactlyInAnyOrder(
        "jobs-api: Terraform does not set URL_SIGNER_SA, which jobs-api requires",
        "jobs-api: Terraform sets URL_SIGNING_SA, which dev.veojobs.config.Setting does not list for jobs-api");
  }

  @Test
  void aSettingOfAnotherFunctionIsReported() {
    TerraformModule drifted = sources
        .replace(FUNCTIONS, "(?<=FINALIZER_URL           = local\\.finalizer_url\\n)(?=\\s+URL_SIGNER_SA\\s+= google_service_account\\.job_finalizer)",
            "      VEO_LOCATION = var.veo_location\n")
        .parse();

    assertThat(FunctionEnvContract.problems(drifted)).containsExactly(
        "job-finalizer: Terraform sets VEO_LOCATION, which dev.veojobs.config.Setting does not list for job-finalizer");
  }

  @Test
  void anEmulatorSettingIsNeverDeployed() {
    TerraformModule drifted = sources
        .replace(FUNCTIONS, "(?<=VEO_LOCATION            = var\\.veo_location\\n)",
            "      FIRESTORE_EMULATOR_HOST = \"localhost:8080\"\n")
        .parse();

    assertThat(FunctionEnvContract.problems(drifted)).containsExactly(
        "job-worker: Terraform sets FIRESTORE_EMULATOR_HOST, an emulator-only setting that must never be deployed");
  }

  @Test
  void aSettingMeansTheSameOnEveryFunction() {
    TerraformModule drifted = sources
        .replace(FUNCTIONS, "(?<=VEO_LOCATION            = var\\.veo_location\\n      JOB_DEADLINE            = )var\\.job_deadline", "\"PT30M\"")
        .parse();

    assertThat(FunctionEnvContract.problems(drifted)).containsExactly(
        "JOB_DEADLINE differs between functions (jobs-api=var.job_deadline, job-worker=PT30M);"
            + " one setting must mean one thing across the pipeline");
  }

  @Test
  void aFunctionUnderAnotherNameIsReported() {
    TerraformModule drifted = sources.replace(FUNCTIONS, "name        = \"job-finalizer\"", "name        = \"finalizer\"").parse();

    assertThat(FunctionEnvContract.problems(drifted)).contains(
        "Terraform deploys function finalizer (google_cloudfunctions2_function.job_finalizer),"
            + " which dev.veojobs.config.FunctionName does not list",
        "Terraform deploys no google_cloudfunctions2_function named job-finalizer");
  }
}
