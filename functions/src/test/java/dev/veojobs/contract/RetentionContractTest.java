package dev.veojobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import org.junit.jupiter.api.Test;

/** {@link RetentionContract} holds for the repository's Terraform, and each way of breaking it is caught. */
class RetentionContractTest {

  @Test
  void theVariableTheFunctionsAndTheStorageRulesAgree() {
    assertThat(RetentionContract.problems(TerraformModule.baseline())).isEmpty();
  }

  @Test
  void everyFunctionThatEndsJobsReadsTheSetting() {
    assertThat(FunctionName.values()).allMatch(Setting.JOB_RETENTION::usedBy);
  }

  @Test
  void thePrefixesCoverEveryObjectOfAJob() {
    assertThat(RetentionContract.objectNamesOfAJob())
        .allMatch(name -> RetentionContract.JOB_OBJECT_PREFIXES.stream().anyMatch(name::startsWith));
  }

  @Test
  void aFunctionGivenAFixedRetentionIsReported() {
    TerraformModule module = TerraformSources.read()
        .replace("terraform/functions.tf", "(?<=      SIGNED_URL_TTL          = var.signed_url_ttl\\n)      JOB_RETENTION           = \"P\\$\\{var.job_retention_days\\}D\"(?=\\n    \\}\\n\\n    # Only with)",
            "      JOB_RETENTION           = \"P30D\"")
        .parse();

    assertThat(RetentionContract.problems(module)).containsExactly(
        "JOB_FINALIZER gets JOB_RETENTION=P30D, not \"P${var.job_retention_days}D\"");
  }

  @Test
  void aPrefixLeftOutOfTheLifecycleRuleIsReported() {
    TerraformModule module = TerraformSources.read()
        .replace("terraform/storage.tf", "matches_prefix = \\[\"videos/\", \"veo-output/\", \"uploads/\"\\]",
            "matches_prefix = [\"videos/\", \"veo-output/\"]")
        .parse();

    assertThat(RetentionContract.problems(module)).containsExactly("the retention lifecycle rule does not cover uploads/");
  }

  @Test
  void aTtlPolicyOnAnotherFieldOrAlwaysOnIsReported() {
    TerraformModule renamed = TerraformSources.read()
        .replace("terraform/firestore.tf", "(?<=collection = \"events\"\\n  field      = )\"expire_at\"", "\"expires\"")
        .parse();
    TerraformModule always = TerraformSources.read()
        .replace("terraform/firestore.tf", "(?<=resource \"google_firestore_field\" \"jobs_expire_at\" \\{\\n)  count = var.job_retention_days > 0 \\? 1 : 0\\n", "")
        .parse();

    assertThat(RetentionContract.problems(renamed)).containsExactly(
        "no TTL policy on events.expire_at (google_firestore_field.events_expire_at)");
    assertThat(RetentionContract.problems(always)).containsExactly(
        "the TTL policy on jobs must exist exactly when var.job_retention_days > 0");
  }
}
