package dev.veojobs.contract;

import static dev.veojobs.contract.TerraformModule.addressOf;
import static dev.veojobs.contract.TerraformModule.block;
import static dev.veojobs.contract.TerraformModule.text;

import dev.veojobs.config.FunctionName;
import dev.veojobs.config.Setting;
import dev.veojobs.contract.IamGrant.Kind;
import dev.veojobs.contract.IamGrant.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Least privilege, derived from the settings: each function runs as its own service account, which
 * holds exactly the grants its settings imply; the private functions can be invoked only by the
 * account Cloud Tasks and Cloud Scheduler present, and that account can do nothing else.
 */
public final class IamContract {

  static final String SERVICE_ACCOUNT = "google_service_account";
  static final String INVOKER_ROLE = "roles/run.invoker";
  static final Set<String> PUBLIC_MEMBERS = Set.of("allUsers", "allAuthenticatedUsers");

  private IamContract() {}

  /** A grant a function's identity needs, and the setting that says so. */
  private record Need(Scope scope, String role, Setting because) {}

  public static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<FunctionName, DeployedFunction> deployed = DeployedFunction.in(module);
    List<IamGrant> grants = IamGrant.in(module);

    Map<String, FunctionName> owners = new HashMap<>();
    for (DeployedFunction fn : deployed.values()) {
      String self = fn.serviceAccount();
      if (self == null || !self.startsWith(SERVICE_ACCOUNT + ".")) {
        problems.add(fn.name() + " runs as " + self + ", not as a " + SERVICE_ACCOUNT + " of its own");
        continue;
      }
      FunctionName other = owners.putIfAbsent(self, fn.function());
      if (other != null) {
        problems.add(fn.name() + " and " + other.serviceName() + " share " + self + "; each function needs its own identity");
      }
      problems.addAll(grantProblems(fn, self, grants));
    }
    problems.addAll(exposureProblems(deployed, grants));
    problems.addAll(wholeBucketProblems(grants));
    problems.addAll(projectStorageProblems(grants));
    problems.addAll(invokerProblems(module, deployed, grants));
    return problems;
  }

  /** What the function's identity must hold, from the settings it reads. */
  private static List<Need> needs(DeployedFunction fn, String self, List<String> problems) {
    Map<String, Object> env = fn.environment();
    FunctionName function = fn.function();
    List<Need> needs = new ArrayList<>();
    if (Setting.FIRESTORE_DATABASE.usedBy(function)) {
      needs.add(new Need(Scope.project(), "roles/datastore.user", Setting.FIRESTORE_DATABASE));
    }
    if (Setting.VIDEO_BUCKET.usedBy(function)) {
      Scope bucket = new Scope(Kind.BUCKET, addressOf(env.get("VIDEO_BUCKET")));
      for (VideoBucketAccess access : VideoBucketAccess.of(function)) {
        needs.add(new Need(bucket.under(access.prefix()), access.role(), Setting.VIDEO_BUCKET));
      }
    }
    if (env.containsKey(Setting.WEBHOOK_SECRETS.envName())) {
      // A secret environment variable is read by the runtime account when an instance starts.
      needs.add(new Need(new Scope(Kind.SECRET, addressOf(env.get(Setting.WEBHOOK_SECRETS.envName()))),
          "roles/secretmanager.secretAccessor", Setting.WEBHOOK_SECRETS));
    }
    if (Setting.TASKS_QUEUE.usedBy(function)) {
      needs.add(new Need(new Scope(Kind.QUEUE, addressOf(env.get("TASKS_QUEUE"))),
          "roles/cloudtasks.enqueuer", Setting.TASKS_QUEUE));
    }
    if (Setting.TASKS_START_QUEUE.usedBy(function)) {
      needs.add(new Need(new Scope(Kind.QUEUE, addressOf(env.get("TASKS_START_QUEUE"))),
          "roles/cloudtasks.enqueuer", Setting.TASKS_START_QUEUE));
    }
    if (Setting.TASKS_INVOKER_SA.usedBy(function)) {
      // Creating a task with an OIDC token of another account needs actAs on that account.
      needs.add(new Need(new Scope(Kind.SERVICE_ACCOUNT, addressOf(env.get("TASKS_INVOKER_SA"))),
          "roles/iam.serviceAccountUser", Setting.TASKS_INVOKER_SA));
    }
    if (Setting.URL_SIGNER_SA.usedBy(function)) {
      String signer = addressOf(env.get("URL_SIGNER_SA"));
      if (!self.equals(signer)) {
        problems.add(fn.name() + " signs URLs as " + signer + " but runs as " + self
            + "; signBlob without a key file works only for the function's own account");
      }
      needs.add(new Need(new Scope(Kind.SERVICE_ACCOUNT, self), "roles/iam.serviceAccountTokenCreator",
          Setting.URL_SIGNER_SA));
    }
    if (Setting.VEO_LOCATION.usedBy(function)) {
      needs.add(new Need(Scope.project(), "roles/aiplatform.user", Setting.VEO_LOCATION));
    }
    if (Setting.AUTH_MODE.usedBy(function)) {
      // AUTH_MODE=firebase checks revocation on create with Identity Toolkit accounts:lookup.
      needs.add(new Need(Scope.project(), "roles/firebaseauth.viewer", Setting.AUTH_MODE));
    }
    return needs;
  }

  private static List<String> grantProblems(DeployedFunction fn, String self, List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    List<Need> needs = needs(fn, self, problems);
    List<IamGrant> held = grants.stream().filter(grant -> self.equals(grant.member())).toList();
    for (Need need : needs) {
      boolean granted = held.stream().anyMatch(g -> g.scope().equals(need.scope()) && g.role().equals(need.role()));
      if (!granted) {
        problems.add(fn.name() + " (" + self + ") lacks " + need.role() + " on " + need.scope()
            + ", which reading " + need.because().envName() + " implies");
      }
    }
    for (IamGrant grant : held) {
      boolean needed = needs.stream().anyMatch(n -> n.scope().equals(grant.scope()) && n.role().equals(grant.role()));
      if (!needed) {
        problems.add(fn.name() + " (" + self + ") has " + grant.role() + " on " + grant.scope()
            + " (" + grant.declaredBy() + "), which none of its settings needs");
      }
    }
    return problems;
  }

  /**
   * Nobody holds an object role on a whole bucket: every grant is limited to the prefix its holder
   * works in (Veo's service agent included), so no account can read or delete every user's videos.
   */
  private static List<String> wholeBucketProblems(List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    for (IamGrant grant : grants) {
      if (grant.scope().kind() == Kind.BUCKET && grant.scope().objectPrefix().isEmpty()) {
        problems.add(grant.member() + " holds " + grant.role() + " on the whole " + grant.scope() + " ("
            + grant.declaredBy() + "); limit it to the object prefix its code uses with an IAM condition");
      }
    }
    return problems;
  }

  /** A storage role on the project reaches every bucket; only a condition naming buckets makes it narrow. */
  private static List<String> projectStorageProblems(List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    for (IamGrant grant : grants) {
      if (grant.scope().kind() == Kind.PROJECT && grant.role() != null && grant.role().startsWith("roles/storage.")
          && (grant.condition() == null || !grant.condition().contains("resource.name.startsWith(\"projects/_/buckets/"))) {
        problems.add(grant.member() + " holds " + grant.role() + " on every bucket of the project ("
            + grant.declaredBy() + "); add a condition naming the buckets it needs");
      }
    }
    return problems;
  }

  private static List<String> exposureProblems(Map<FunctionName, DeployedFunction> deployed, List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    for (DeployedFunction fn : deployed.values()) {
      List<IamGrant> publicGrants = grants.stream()
          .filter(g -> g.scope().equals(new Scope(Kind.FUNCTION, fn.address())))
          .filter(g -> PUBLIC_MEMBERS.contains(g.member()))
          .toList();
      if (QueueContract.TASK_TARGETS.contains(fn.function())) {
        for (IamGrant grant : publicGrants) {
          problems.add(fn.name() + " is invokable by " + grant.member() + " (" + grant.declaredBy()
              + "); only the tasks invoker may call it");
        }
      } else if (fn.function() == FunctionName.JOBS_API
          && publicGrants.stream().noneMatch(g -> g.member().equals("allUsers") && g.role().equals(INVOKER_ROLE))) {
        problems.add("jobs-api is not invokable by allUsers; browsers could not reach it (it checks Firebase ID tokens itself)");
      }
    }
    return problems;
  }

  private static List<String> invokerProblems(
      TerraformModule module, Map<FunctionName, DeployedFunction> deployed, List<IamGrant> grants) {
    List<String> problems = new ArrayList<>();
    DeployedFunction worker = deployed.get(FunctionName.JOB_WORKER);
    if (worker == null) {
      return problems;
    }
    String invoker = addressOf(worker.environment().get("TASKS_INVOKER_SA"));
    if (invoker == null || !invoker.startsWith(SERVICE_ACCOUNT + ".")) {
      problems.add("TASKS_INVOKER_SA of job-worker is " + invoker + ", not a " + SERVICE_ACCOUNT + " of this module");
      return problems;
    }
    Map<Scope, String> needed = new LinkedHashMap<>();
    for (FunctionName target : QueueContract.TASK_TARGETS) {
      DeployedFunction fn = deployed.get(target);
      if (fn != null) {
        needed.put(new Scope(Kind.FUNCTION, fn.address()), fn.name());
      }
    }
    List<IamGrant> held = grants.stream().filter(g -> invoker.equals(g.member())).toList();
    needed.forEach((scope, name) -> {
      if (held.stream().noneMatch(g -> g.scope().equals(scope) && g.role().equals(INVOKER_ROLE))) {
        problems.add("the tasks invoker " + invoker + " lacks " + INVOKER_ROLE + " on " + name
            + "; Cloud Tasks could not deliver to it");
      }
    });
    for (IamGrant grant : held) {
      if (!(needed.containsKey(grant.scope()) && grant.role().equals(INVOKER_ROLE))) {
        problems.add("the tasks invoker " + invoker + " has " + grant.role() + " on " + grant.scope() + " ("
            + grant.declaredBy() + "); it may only invoke the private functions");
      }
    }
    problems.addAll(schedulerProblems(module, worker, invoker));
    return problems;
  }

  private static List<String> schedulerProblems(TerraformModule module, DeployedFunction worker, String invoker) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Object>> jobs = module.resources("google_cloud_scheduler_job");
    if (jobs.isEmpty()) {
      problems.add("Terraform schedules no google_cloud_scheduler_job; stalled jobs would never be swept");
    }
    String sweepUrl = text(worker.environment().get("WORKER_URL")) + "/sweep";
    jobs.forEach((name, job) -> {
      Map<String, Object> target = block(job, "http_target");
      String caller = addressOf(block(target, "oidc_token").get("service_account_email"));
      if (!invoker.equals(caller)) {
        problems.add("google_cloud_scheduler_job." + name + " calls with the OIDC token of " + caller
            + ", not of the tasks invoker " + invoker);
      }
      if (!sweepUrl.equals(text(target.get("uri")))) {
        problems.add("google_cloud_scheduler_job." + name + " calls " + text(target.get("uri"))
            + ", not job-worker's " + sweepUrl);
      }
    });
    return problems;
  }
}
