package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.app.ObjectNames;
import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import dev.veojobs.gcp.FirestoreQueries;
import dev.veojobs.security.upload.UploadPaths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One Terraform variable, {@code job_retention_days}, decides how long a finished job is kept, and
 * three things must agree on it: the JOB_RETENTION every function that ends jobs reads (it stamps
 * {@code expire_at}), the Firestore TTL policies on that field, and the video bucket's lifecycle rule
 * for the prefixes the code writes. Off (0 / P0D) on both sides by default.
 */
class RetentionContractTest {
  private static final String VARIABLE = "var.job_retention_days";
  private final TerraformModule module = TerraformModule.baseline();

  @Test
  void everyFunctionThatEndsJobsGetsJobRetentionInDaysFromTheVariable() {
    Map<FunctionName, DeployedFunction> functions = DeployedFunction.in(module);
    for (FunctionName function : FunctionName.values()) {
      if (Setting.JOB_RETENTION.usedBy(function)) {
        assertThat(text(functions.get(function).environment().get(Setting.JOB_RETENTION.envName())))
            .as("JOB_RETENTION of %s", function).isEqualTo("P" + VARIABLE + "D");
      }
    }
    assertThat(Setting.JOB_RETENTION.usedBy(FunctionName.JOBS_API)).as("cancel and delete end jobs").isTrue();
    assertThat(Setting.JOB_RETENTION.usedBy(FunctionName.JOB_WORKER)).isTrue();
    assertThat(Setting.JOB_RETENTION.usedBy(FunctionName.JOB_FINALIZER)).isTrue();
  }

  @Test
  void bothSidesAreOffByDefault() {
    Matcher variable = Pattern.compile("variable \"job_retention_days\" \\{[^}]*?default\\s*=\\s*(\\d+)", Pattern.DOTALL)
        .matcher(file("terraform/variables.tf"));

    assertThat(variable.find()).as("job_retention_days with a default").isTrue();
    assertThat(Duration.parse("P" + variable.group(1) + "D")).isZero()
        .isEqualTo(Duration.parse(Setting.JOB_RETENTION.defaultValue()));
  }

  @Test
  void theBucketDeletesEveryPrefixTheCodeWritesAtTheRetentionAge() {
    Map<String, Object> bucket = module.resource("google_storage_bucket", "videos").orElseThrow();
    Map<String, Object> rule = block(block(bucket, "dynamic"), "lifecycle_rule");
    Map<String, Object> condition = block(block(rule, "content"), "condition");

    assertThat(text(rule.get("for_each"))).as("only when retention is on").contains(VARIABLE);
    assertThat(text(condition.get("age"))).isEqualTo("lifecycle_rule.value");
    assertThat(text(block(block(rule, "content"), "action").get("type"))).isEqualTo("Delete");
    List<String> prefixes = ((List<?>) condition.get("matches_prefix")).stream().map(TerraformModule::text).toList();
    assertThat(prefixes).containsExactlyInAnyOrder("videos/", "veo-output/", "uploads/");
    assertThat(List.of(ObjectNames.videoObject("uid", "job"), ObjectNames.rawOutputPrefix("b", "job", 1),
        UploadPaths.userPrefix("uid")))
        .allSatisfy(name -> assertThat(prefixes).anyMatch(p -> name.startsWith(p) || name.startsWith("gs://b/" + p)));
  }

  @Test
  void ttlPoliciesOnJobsAndEventsFollowTheVariableAndNameTheFieldTheStoreStamps() {
    for (String[] policy : new String[][] {
        {"jobs_expire_at", "jobs"}, {"events_expire_at", FirestoreQueries.EVENTS}}) {
      Map<String, Object> field = module.resource("google_firestore_field", policy[0]).orElseThrow();
      assertThat(text(field.get("collection"))).isEqualTo(policy[1]);
      assertThat(text(field.get("field"))).isEqualTo(FirestoreQueries.EXPIRE_AT);
      assertThat(field).containsKey("ttl_config");
      assertThat(file("terraform/firestore.tf"))
          .as("%s exists only with retention", policy[0])
          .containsPattern("resource \"google_firestore_field\" \"" + policy[0] + "\" \\{\\s*count\\s*=\\s*"
              + Pattern.quote(VARIABLE) + " > 0 \\? 1 : 0");
    }
  }

  @Test
  void deletedJobsAreForgottenByTheirOwnExpiryWhateverTheRetention() {
    Map<String, Object> field = module.resource("google_firestore_field", "deleted_jobs_expire_at").orElseThrow();

    assertThat(text(field.get("collection"))).isEqualTo(FirestoreQueries.DELETED_JOBS);
    assertThat(text(field.get("field"))).isEqualTo(FirestoreQueries.EXPIRE_AT);
    assertThat(field).containsKey("ttl_config").doesNotContainKey("count");
  }

  private String file(String path) {
    return module.sources().text(path);
  }
}
