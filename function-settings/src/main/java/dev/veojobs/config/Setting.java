package dev.veojobs.config;

import static dev.veojobs.config.FunctionName.JOBS_API;
import static dev.veojobs.config.FunctionName.JOB_FINALIZER;
import static dev.veojobs.config.FunctionName.JOB_WORKER;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every environment variable the functions read, which function reads it, and its default.
 * This is the list Terraform must match: a contract test fails when a deployed function lacks a
 * required variable or sets one not listed here. Emulator-only settings are never deployed.
 */
public enum Setting {
  GOOGLE_CLOUD_PROJECT(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  FIRESTORE_DATABASE(Kind.OPTIONAL, "(default)", JOBS_API, JOB_WORKER, JOB_FINALIZER),
  VIDEO_BUCKET(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  TASKS_LOCATION(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  /** Polls, finalizes and webhooks: a queue that is never the bottleneck. */
  TASKS_QUEUE(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  /** Veo starts only: its dispatch rate is the Veo quota (emulator-config/start-queue.json). */
  TASKS_START_QUEUE(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  TASKS_INVOKER_SA(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  /** Per task (Cloud Tasks has no queue-level deadline): must outlast the slowest function. Equals queue.json. */
  TASKS_DISPATCH_DEADLINE(Kind.OPTIONAL, "PT6M", JOBS_API, JOB_WORKER, JOB_FINALIZER),
  WORKER_URL(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  /** jobs-api too: a cancel schedules the job.canceled webhook, which the finalizer delivers. */
  FINALIZER_URL(Kind.REQUIRED, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  URL_SIGNER_SA(Kind.REQUIRED, null, JOBS_API, JOB_FINALIZER),
  SIGNED_URL_TTL(Kind.OPTIONAL, "PT1H", JOBS_API, JOB_FINALIZER),
  VEO_LOCATION(Kind.OPTIONAL, "us-central1", JOB_WORKER),
  JOB_DEADLINE(Kind.OPTIONAL, "PT20M", JOBS_API, JOB_WORKER),
  POLL_FIRST_DELAY(Kind.OPTIONAL, "PT15S", JOB_WORKER),
  POLL_INTERVAL(Kind.OPTIONAL, "PT10S", JOB_WORKER),
  POLL_MAX_INTERVAL(Kind.OPTIONAL, "PT30S", JOB_WORKER),
  /**
   * fixed: POLL_INTERVAL growing to POLL_MAX_INTERVAL; adaptive: frequent polls around the expected
   * generation time (opt-in until ChaosIT's lost-enqueue scenario holds with it, docs/performance.md).
   */
  POLL_SCHEDULE(Kind.OPTIONAL, "fixed", JOB_WORKER),
  /** The worker's request timeout as deployed (Terraform sets both from one value). */
  WORKER_TIMEOUT(Kind.OPTIONAL, "PT2M", JOB_WORKER),
  /** Must outlast WORKER_TIMEOUT by {@code Config.LEASE_MARGIN}: a handler never outlives its claim. */
  START_LEASE(Kind.OPTIONAL, "PT3M", JOB_WORKER),
  SWEEP_STALL_AFTER(Kind.OPTIONAL, "PT5M", JOB_WORKER),
  /**
   * How long a finished job, its events and its objects are kept (P0D: for ever). Every function
   * that ends jobs stamps {@code expire_at}; Terraform sets it, the Firestore TTL policies and the
   * bucket's lifecycle ages from one variable (RetentionContractTest).
   */
  JOB_RETENTION(Kind.OPTIONAL, "P0D", JOBS_API, JOB_WORKER, JOB_FINALIZER),
  CORS_ALLOWED_ORIGINS(Kind.OPTIONAL, "", JOBS_API),
  AUTH_MODE(Kind.OPTIONAL, "firebase", JOBS_API),
  FIREBASE_AUTH_JWKS_URL(Kind.OPTIONAL,
      "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com", JOBS_API),
  UPLOAD_MAX_BYTES(Kind.OPTIONAL, "10485760", JOBS_API, JOB_WORKER),
  UPLOAD_URL_TTL(Kind.OPTIONAL, "PT15M", JOBS_API),
  USER_MAX_IN_FLIGHT(Kind.OPTIONAL, "3", JOBS_API),
  USER_MAX_JOBS_PER_DAY(Kind.OPTIONAL, "50", JOBS_API),
  /** Soft (read outside the create transaction); at least 4 x the Veo starts a minute, or it caps throughput. */
  GLOBAL_MAX_IN_FLIGHT(Kind.OPTIONAL, "200", JOBS_API),
  TASKS_OIDC_ISSUER(Kind.OPTIONAL, "https://accounts.google.com", JOB_WORKER, JOB_FINALIZER),
  TASKS_OIDC_JWKS_URL(Kind.OPTIONAL, "https://www.googleapis.com/oauth2/v3/certs", JOB_WORKER, JOB_FINALIZER),
  WEBHOOK_SECRETS(Kind.OPTIONAL, "", JOB_FINALIZER),

  // Emulator endpoints and local-only switches: set by the local stack, never by Terraform.
  FIRESTORE_EMULATOR_HOST(Kind.EMULATOR, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  CLOUD_TASKS_EMULATOR_HOST(Kind.EMULATOR, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  STORAGE_EMULATOR_HOST(Kind.EMULATOR, null, JOBS_API, JOB_WORKER, JOB_FINALIZER),
  VEO_BASE_URL(Kind.EMULATOR, null, JOB_WORKER),
  URL_SIGNER_LOCAL_KEY_FILE(Kind.EMULATOR, null, JOBS_API, JOB_FINALIZER),
  /** Revocation lookups go to this Firebase Auth emulator (host:port) with its "owner" token instead of ADC. */
  FIREBASE_AUTH_EMULATOR_HOST(Kind.EMULATOR, null, JOBS_API),
  /** Lets webhooks go to http://localhost receivers; jobs-api checks URLs at create, the finalizer at delivery. */
  WEBHOOK_ALLOW_LOOPBACK(Kind.EMULATOR, "false", JOBS_API, JOB_FINALIZER);

  /** How a setting is supplied. */
  public enum Kind {
    /** Must be set on every function that uses it. */
    REQUIRED,
    /** Has a default; Terraform may set it. */
    OPTIONAL,
    /** Only for local runs against emulators; Terraform must not set it. */
    EMULATOR
  }

  private final Kind kind;
  private final String defaultValue;
  private final Set<FunctionName> usedBy;

  Setting(Kind kind, String defaultValue, FunctionName first, FunctionName... rest) {
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.usedBy = EnumSet.of(first, rest);
  }

  public String envName() {
    return name();
  }

  public Kind kind() {
    return kind;
  }

  /** The default, or null when the setting has none. */
  public String defaultValue() {
    return defaultValue;
  }

  public boolean usedBy(FunctionName function) {
    return usedBy.contains(function);
  }

  public boolean requiredBy(FunctionName function) {
    return kind == Kind.REQUIRED && usedBy(function);
  }

  public boolean deployable() {
    return kind != Kind.EMULATOR;
  }
}
