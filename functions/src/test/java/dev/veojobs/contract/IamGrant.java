package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.addressOf;
import static dev.veojobs.contract.TerraformModule.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One IAM grant the Terraform makes: {@code role} for {@code member} on {@code scope}. Members and
 * scopes are resource addresses where the Terraform references a resource
 * ({@code google_service_account.jobs_api}), else their literal text ({@code allUsers}).
 */
public record IamGrant(Scope scope, String role, String member, String declaredBy, String condition) {

  /**
   * What a grant applies to; {@code target} is the resource address (empty for the project);
   * {@code objectPrefix} is the object-name prefix an IAM condition limits a bucket grant to
   * ({@code "uploads/"}), empty when the grant covers the whole bucket.
   */
  public record Scope(Kind kind, String target, String objectPrefix) {
    public Scope(Kind kind, String target) {
      this(kind, target, "");
    }

    public static Scope project() {
      return new Scope(Kind.PROJECT, "");
    }

    public Scope under(String prefix) {
      return new Scope(kind, target, prefix);
    }

    @Override
    public String toString() {
      String where = kind == Kind.PROJECT ? "the project" : kind.label + " " + target;
      return objectPrefix.isEmpty() ? where : where + " (objects under " + objectPrefix + ")";
    }
  }

  // resource.name.startsWith("projects/_/buckets/BUCKET/objects/PREFIX"): the one condition shape
  // the Terraform uses to keep a bucket grant to a prefix.
  /**
   * A condition limiting a grant to one object prefix; listing is checked on the bucket, so a grant
   * that must list names the same prefix through the objectListPrefix attribute too.
   */
  private static final java.util.regex.Pattern OBJECT_PREFIX_CONDITION = java.util.regex.Pattern.compile(
      "^resource\\.name\\.startsWith\\(\"projects/_/buckets/[^/\"]+/objects/([^\"]+)\"\\)"
          + "( \\|\\| api\\.getAttribute\\(\"storage\\.googleapis\\.com/objectListPrefix\", \"\"\\)"
          + "\\.startsWith\\(\"\\1\"\\))?$");

  public enum Kind {
    PROJECT("project"),
    SECRET("secret"),
    BUCKET("bucket"),
    QUEUE("queue"),
    SERVICE_ACCOUNT("service account"),
    FUNCTION("function");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** IAM resource types, the kind of scope they grant on and the argument naming it. */
  private record IamType(String prefix, Kind kind, String scopeArgument) {}

  private static final List<IamType> TYPES = List.of(
      new IamType("google_project_iam", Kind.PROJECT, null),
      new IamType("google_storage_bucket_iam", Kind.BUCKET, "bucket"),
      new IamType("google_cloud_tasks_queue_iam", Kind.QUEUE, "name"),
      new IamType("google_service_account_iam", Kind.SERVICE_ACCOUNT, "service_account_id"),
      new IamType("google_secret_manager_secret_iam", Kind.SECRET, "secret_id"),
      new IamType("google_cloud_run_v2_service_iam", Kind.FUNCTION, "name"),
      new IamType("google_cloud_run_service_iam", Kind.FUNCTION, "service"),
      new IamType("google_cloudfunctions2_function_iam", Kind.FUNCTION, "cloud_function"));

  /** Every *_iam_member and *_iam_binding grant of the module. */
  public static List<IamGrant> in(TerraformModule module) {
    Map<String, String> functionNames = functionAddressesByName(module);
    List<IamGrant> grants = new ArrayList<>();
    for (IamType type : TYPES) {
      for (String suffix : List.of("_member", "_binding")) {
        String resourceType = type.prefix() + suffix;
        module.resources(resourceType).forEach((name, body) -> {
          Scope scope = type.kind() == Kind.PROJECT
              ? Scope.project()
              : new Scope(type.kind(), scopeTarget(type.kind(), body.get(type.scopeArgument()), functionNames));
          String role = text(body.get("role"));
          String condition = text(TerraformModule.block(body, "condition").get("expression"));
          if (condition != null && type.kind() == Kind.BUCKET) {
            java.util.regex.Matcher prefix = OBJECT_PREFIX_CONDITION.matcher(condition);
            scope = scope.under(prefix.matches() ? prefix.group(1) : "(condition " + condition + ")");
          }
          for (String member : members(body)) {
            grants.add(new IamGrant(scope, role, member, resourceType + "." + name, condition));
          }
        });
      }
    }
    return grants;
  }

  private static List<String> members(Map<String, Object> body) {
    List<String> members = new ArrayList<>();
    if (body.containsKey("member")) {
      members.add(addressOf(body.get("member")));
    }
    if (body.get("members") instanceof List<?> list) {
      list.forEach(member -> members.add(addressOf(member)));
    }
    return members;
  }

  // A Cloud Run service of a function may be named by reference or by the function's literal name.
  private static String scopeTarget(Kind kind, Object value, Map<String, String> functionNames) {
    String address = addressOf(value);
    if (kind == Kind.FUNCTION && address != null && functionNames.containsKey(address)) {
      return functionNames.get(address);
    }
    return address;
  }

  private static Map<String, String> functionAddressesByName(TerraformModule module) {
    Map<String, String> byName = new HashMap<>();
    module.resources(DeployedFunction.TYPE).forEach((name, body) ->
        byName.put(text(body.get("name")), DeployedFunction.TYPE + "." + name));
    return byName;
  }

  @Override
  public String toString() {
    return role + " on " + scope + " for " + member + " (" + declaredBy + ")";
  }
}
