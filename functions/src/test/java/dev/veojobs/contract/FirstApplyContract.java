package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.addressOf;
import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.text;

import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import dev.veojobs.contract.IamGrant.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A first {@code terraform apply} on a brand-new project succeeds in one go: everything that calls
 * a Google API is ordered after that API is enabled (and after the pause that lets it answer), and
 * every build or deploy that needs a fresh IAM grant is ordered after a pause behind that grant
 * (IAM is eventually consistent; created is not yet honoured). Checked on the dependency graph
 * Terraform itself follows.
 */
public final class FirstApplyContract {

  static final String ENABLE = "google_project_service.apis";
  static final String TIME_SLEEP = "time_sleep.";

  /** The API a resource type calls, by the longest matching type prefix. */
  static final Map<String, String> API_OF_TYPE = apis();

  private FirstApplyContract() {}

  private static Map<String, String> apis() {
    Map<String, String> apis = new LinkedHashMap<>();
    apis.put("google_service_account", "iam.googleapis.com");
    apis.put("google_project_iam", "cloudresourcemanager.googleapis.com");
    apis.put("data.google_project", "cloudresourcemanager.googleapis.com");
    apis.put("google_storage", "storage.googleapis.com");
    apis.put("google_cloud_tasks", "cloudtasks.googleapis.com");
    apis.put("google_cloudfunctions2", "cloudfunctions.googleapis.com");
    apis.put("google_cloud_run_v2", "run.googleapis.com");
    apis.put("google_cloud_scheduler", "cloudscheduler.googleapis.com");
    apis.put("google_firestore", "firestore.googleapis.com");
    apis.put("google_secret_manager", "secretmanager.googleapis.com");
    apis.put("google_logging", "logging.googleapis.com");
    apis.put("google_monitoring", "monitoring.googleapis.com");
    return apis;
  }

  public static List<String> problems(TerraformModule module) {
    DependencyGraph graph = DependencyGraph.of(module);
    List<String> problems = new ArrayList<>();
    problems.addAll(apiProblems(module, graph));
    problems.addAll(grantProblems(module, graph));
    return problems;
  }

  /** The API an address calls, or null when it calls none (or is the enablement itself). */
  static String apiOf(TerraformModule module, String address) {
    if (address.startsWith(ENABLE)) {
      return null;
    }
    if (address.startsWith("google_project_service_identity.")) {
      // The service agent exists only once the API it belongs to is on.
      return text(module.addressable().get(address).get("service"));
    }
    String best = null;
    for (String prefix : API_OF_TYPE.keySet()) {
      if (address.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? null : API_OF_TYPE.get(best);
  }

  private static List<String> apiProblems(TerraformModule module, DependencyGraph graph) {
    List<String> problems = new ArrayList<>();
    Object listed = module.locals().get("required_apis");
    List<String> enabled = listed instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    List<String> readiness = graph.addresses().stream()
        .filter(address -> address.startsWith(TIME_SLEEP) && graph.directDependenciesOf(address).contains(ENABLE))
        .toList();
    for (String address : graph.addresses()) {
      String api = apiOf(module, address);
      if (api == null) {
        continue;
      }
      if (!enabled.contains(api)) {
        problems.add(address + " uses " + api + ", which local.required_apis does not enable");
      }
      if (readiness.stream().noneMatch(ready -> graph.waitsFor(address, ready))) {
        problems.add(address + " uses " + api + " but is not ordered after " + String.join(" or ", readiness)
            + "; on a new project it would meet the API still disabled");
      }
    }
    return problems;
  }

  /** Builds need their build account's grants in effect; deploys need mounted secrets readable. */
  private static List<String> grantProblems(TerraformModule module, DependencyGraph graph) {
    List<String> problems = new ArrayList<>();
    List<IamGrant> grants = IamGrant.in(module);
    for (DeployedFunction fn : DeployedFunction.in(module).values()) {
      String builder = addressOf(block(fn.body(), "build_config").get("service_account"));
      Object secret = fn.environment().get(Setting.WEBHOOK_SECRETS.envName());
      for (IamGrant grant : grants) {
        boolean forBuild = builder != null && builder.equals(grant.member());
        boolean forSecret = secret != null && grant.scope().kind() == Kind.SECRET
            && grant.scope().target().equals(addressOf(secret)) && grant.member().equals(fn.serviceAccount());
        if ((forBuild || forSecret) && !behindAPause(graph, fn.address(), grant.declaredBy())) {
          problems.add(fn.name() + " (" + fn.address() + ") is not ordered after a time_sleep that waits for "
              + grant.declaredBy() + "; " + (forBuild ? "its build" : "its deploy")
              + " could start before the grant takes effect");
        }
      }
      if (secret != null) {
        String secretAddress = addressOf(secret);
        module.resources("google_secret_manager_secret_version").forEach((name, body) -> {
          String version = "google_secret_manager_secret_version." + name;
          if (secretAddress.equals(addressOf(body.get("secret"))) && !graph.waitsFor(fn.address(), version)) {
            problems.add(fn.name() + " mounts " + secretAddress + " but is not ordered after " + version
                + "; the deploy fails while the secret has no version");
          }
        });
      }
    }
    problems.addAll(sweeperProblems(module, graph, grants));
    return problems;
  }

  /** The sweeper's first call must find its caller allowed to invoke the worker. */
  private static List<String> sweeperProblems(TerraformModule module, DependencyGraph graph, List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    DeployedFunction worker = DeployedFunction.in(module).get(FunctionName.JOB_WORKER);
    if (worker == null) {
      return problems;
    }
    module.resources("google_cloud_scheduler_job").forEach((name, job) -> {
      String caller = addressOf(block(block(job, "http_target"), "oidc_token").get("service_account_email"));
      String address = "google_cloud_scheduler_job." + name;
      grants.stream()
          .filter(g -> g.scope().kind() == Kind.FUNCTION && g.scope().target().equals(worker.address()))
          .filter(g -> g.member().equals(caller) && IamContract.INVOKER_ROLE.equals(g.role()))
          .filter(g -> !graph.waitsFor(address, g.declaredBy()))
          .forEach(g -> problems.add(address + " is not ordered after " + g.declaredBy()
              + "; its first calls would be refused"));
    });
    return problems;
  }

  private static boolean behindAPause(DependencyGraph graph, String from, String grant) {
    Set<String> before = graph.dependenciesOf(from);
    return before.stream().anyMatch(address -> address.startsWith(TIME_SLEEP) && graph.waitsFor(address, grant));
  }
}
