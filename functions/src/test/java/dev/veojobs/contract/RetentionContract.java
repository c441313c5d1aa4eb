package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.text;

import dev.veojobs.app.ObjectNames;
import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import dev.veojobs.gcp.FirestoreQueries;
import dev.veojobs.security.upload.UploadPaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Terraform variable, {@code job_retention_days}, decides how long a finished job is kept, and
 * three things must agree on it: the JOB_RETENTION every function that ends jobs reads (it stamps
 * {@code expire_at}), the Firestore TTL policies on that field, and the video bucket's lifecycle rule
 * for the prefixes the code writes. Off (0 / P0D) on both sides by default.
 */
final class RetentionContract {
  static final String VARIABLE = "var.job_retention_days";
  /** hcl4j keeps a variable as its dotted name, so "P${var.x}D" reads as this. */
  static final String DAYS_AS_DURATION = "P" + VARIABLE + "D";
  /** Every prefix a job's objects live under, as the code names them. */
  static final List<String> JOB_OBJECT_PREFIXES = List.of(
      VideoBucketAccess.VIDEOS, VideoBucketAccess.RAW_OUTPUT, VideoBucketAccess.UPLOADS);

  private RetentionContract() {}

  static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    environmentProblems(module, problems);
    defaultProblems(module, problems);
    lifecycleProblems(module, problems);
    ttlProblems(module, problems);
    return problems;
  }

  private static void environmentProblems(TerraformModule module, List<String> problems) {
    Map<FunctionName, DeployedFunction> functions = DeployedFunction.in(module);
    for (FunctionName function : FunctionName.values()) {
      if (!Setting.JOB_RETENTION.usedBy(function) || !functions.containsKey(function)) {
        continue;
      }
      String value = text(functions.get(function).environment().get(Setting.JOB_RETENTION.envName()));
      if (!DAYS_AS_DURATION.equals(value)) {
        problems.add(function + " gets JOB_RETENTION=" + value + ", not \"P${" + VARIABLE + "}D\"");
      }
    }
  }

  private static void defaultProblems(TerraformModule module, List<String> problems) {
    Matcher variable = Pattern.compile("variable \"job_retention_days\" \\{[^}]*?default\\s*=\\s*(\\d+)", Pattern.DOTALL)
        .matcher(module.sources().text("terraform/variables.tf"));
    if (!variable.find()) {
      problems.add("variable job_retention_days with a whole-number default is missing");
    } else if (!Duration.parse("P" + variable.group(1) + "D").equals(Duration.parse(Setting.JOB_RETENTION.defaultValue()))) {
      problems.add("job_retention_days defaults to " + variable.group(1) + " days but JOB_RETENTION to "
          + Setting.JOB_RETENTION.defaultValue());
    }
  }

  private static void lifecycleProblems(TerraformModule module, List<String> problems) {
    Optional<Map<String, Object>> bucket = module.resource("google_storage_bucket", "videos");
    Map<String, Object> rule = bucket.map(b -> block(block(b, "dynamic"), "lifecycle_rule")).orElse(Map.of());
    Map<String, Object> content = block(rule, "content");
    Map<String, Object> condition = block(content, "condition");
    String forEach = text(rule.get("for_each"));
    if (forEach == null || !forEach.contains(VARIABLE)) {
      problems.add("the video bucket has no lifecycle rule generated from " + VARIABLE);
      return;
    }
    if (!"lifecycle_rule.value".equals(text(condition.get("age")))) {
      problems.add("the retention lifecycle rule's age is " + text(condition.get("age")) + ", not the variable");
    }
    if (!"Delete".equals(text(block(content, "action").get("type")))) {
      problems.add("the retention lifecycle rule does not delete");
    }
    List<String> prefixes = condition.get("matches_prefix") instanceof List<?> list
        ? list.stream().map(TerraformModule::text).toList() : List.of();
    for (String prefix : JOB_OBJECT_PREFIXES) {
      if (!prefixes.contains(prefix)) {
        problems.add("the retention lifecycle rule does not cover " + prefix);
      }
    }
  }

  private static void ttlProblems(TerraformModule module, List<String> problems) {
    String firestore = module.sources().text("terraform/firestore.tf");
    for (String[] policy : new String[][] {
        {"jobs_expire_at", "jobs"}, {"events_expire_at", FirestoreQueries.EVENTS},
        {"deleted_jobs_expire_at", FirestoreQueries.DELETED_JOBS}}) {
      Optional<Map<String, Object>> field = module.resource("google_firestore_field", policy[0]);
      if (field.isEmpty() || !policy[1].equals(text(field.get().get("collection")))
          || !FirestoreQueries.EXPIRE_AT.equals(text(field.get().get("field"))) || !field.get().containsKey("ttl_config")) {
        problems.add("no TTL policy on " + policy[1] + "." + FirestoreQueries.EXPIRE_AT + " (google_firestore_field." + policy[0] + ")");
        continue;
      }
      boolean followsVariable = Pattern.compile("resource \"google_firestore_field\" \"" + policy[0]
          + "\" \\{\\s*count\\s*=\\s*" + Pattern.quote(VARIABLE) + " > 0 \\? 1 : 0").matcher(firestore).find();
      boolean always = policy[1].equals(FirestoreQueries.DELETED_JOBS);
      if (followsVariable == always) {
        problems.add("the TTL policy on " + policy[1] + (always ? " must exist whatever the retention"
            : " must exist exactly when " + VARIABLE + " > 0"));
      }
    }
  }

  /** The object names the code writes, for the test that the prefixes above are really the code's. */
  static List<String> objectNamesOfAJob() {
    return List.of(ObjectNames.videoObject("uid", "job"), ObjectNames.inlineSampleObject("job", 1),
        UploadPaths.userPrefix("uid") + "in.png");
  }
}
