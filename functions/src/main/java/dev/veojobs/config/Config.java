package dev.veojobs.config;

import dev.veojobs.app.AdmissionLimits;
import dev.veojobs.app.PipelineSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a function reads from its environment, typed and validated once per instance. One
 * component per {@link Setting}, in the same order.
 *
 * <p>A function reads only the settings it uses ({@link Setting#usedBy}); the others hold their
 * default (or null) without looking at the environment, so a variable meant for another function
 * can never change this one's behaviour. A blank variable counts as absent.
 */
public record Config(
    String googleCloudProject,
    String firestoreDatabase,
    String videoBucket,
    String tasksLocation,
    String tasksQueue,
    String tasksStartQueue,
    String tasksInvokerSa,
    Duration tasksDispatchDeadline,
    String workerUrl,
    String finalizerUrl,
    String urlSignerSa,
    Duration signedUrlTtl,
    String veoLocation,
    Duration jobDeadline,
    Duration pollFirstDelay,
    Duration pollInterval,
    Duration pollMaxInterval,
    String pollSchedule,
    Duration workerTimeout,
    Duration startLease,
    Duration sweepStallAfter,
    Duration jobRetention,
    List<String> corsAllowedOrigins,
    AuthMode authMode,
    String firebaseAuthJwksUrl,
    long uploadMaxBytes,
    Duration uploadUrlTtl,
    int userMaxInFlight,
    int userMaxJobsPerDay,
    int globalMaxInFlight,
    String tasksOidcIssuer,
    String tasksOidcJwksUrl,
    String webhookSecrets,
    String firestoreEmulatorHost,
    String cloudTasksEmulatorHost,
    String storageEmulatorHost,
    String veoBaseUrl,
    String urlSignerLocalKeyFile,
    String firebaseAuthEmulatorHost,
    boolean webhookAllowLoopback) {

  /** V4 signed URLs cannot live longer than this. */
  public static final Duration MAX_SIGNED_URL_TTL = Duration.ofDays(7);

  /** Set by Cloud Run on every service; its presence means "running in production". */
  static final String CLOUD_RUN_MARKER = "K_SERVICE";

  public Config {
    corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
  }

  /** JVM system properties with this prefix override environment variables of the same name. */
  public static final String IN_PROCESS_OVERRIDE_PREFIX = "veojobs.env.";

  /**
   * Reads this process's environment. The only place the project calls {@link System#getenv}.
   *
   * <p>The local stack runs all three functions in one JVM under the Functions Framework invoker,
   * where environment variables cannot be set after start; it sets system properties named
   * {@code veojobs.env.NAME} instead, and they win over the environment. Nothing sets them on
   * Cloud Run.
   */
  public static Config fromEnvironment(FunctionName function) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith(IN_PROCESS_OVERRIDE_PREFIX))
        .forEach(name -> env.put(name.substring(IN_PROCESS_OVERRIDE_PREFIX.length()), System.getProperty(name)));
    return load(function, env);
  }

  /**
   * The raw process environment, for checks that look at variables no setting names (Cloud Run's
   * {@code K_*} markers in {@link dev.veojobs.security.EmulatorModeGuard}).
   */
  public static Map<String, String> processEnvironment() {
    return System.getenv();
  }

  /** How much longer than the worker's timeout a start lease must be (clock skew, dispatch latency). */
  public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  /**
   * Reads and validates the settings {@code function} uses.
   *
   * @throws ConfigException listing every missing or malformed variable
   */
  public static Config load(FunctionName function, Map<String, String> env) {
    Objects.requireNonNull(function, "function");
    EnvReader in = new EnvReader(function, env == null ? Map.of() : env);
    Config config = new Config(
        in.text(Setting.GOOGLE_CLOUD_PROJECT),
        in.text(Setting.FIRESTORE_DATABASE),
        in.text(Setting.VIDEO_BUCKET),
        in.text(Setting.TASKS_LOCATION),
        in.text(Setting.TASKS_QUEUE),
        in.text(Setting.TASKS_START_QUEUE),
        in.text(Setting.TASKS_INVOKER_SA),
        in.duration(Setting.TASKS_DISPATCH_DEADLINE),
        in.url(Setting.WORKER_URL),
        in.url(Setting.FINALIZER_URL),
        in.text(Setting.URL_SIGNER_SA),
        in.signedUrlTtl(Setting.SIGNED_URL_TTL),
        in.text(Setting.VEO_LOCATION),
        in.duration(Setting.JOB_DEADLINE),
        in.duration(Setting.POLL_FIRST_DELAY),
        in.duration(Setting.POLL_INTERVAL),
        in.duration(Setting.POLL_MAX_INTERVAL),
        in.oneOf(Setting.POLL_SCHEDULE, "adaptive", "fixed"),
        in.duration(Setting.WORKER_TIMEOUT),
        in.duration(Setting.START_LEASE),
        in.duration(Setting.SWEEP_STALL_AFTER),
        in.retention(Setting.JOB_RETENTION),
        in.origins(Setting.CORS_ALLOWED_ORIGINS),
        in.authMode(Setting.AUTH_MODE),
        in.url(Setting.FIREBASE_AUTH_JWKS_URL),
        in.size(Setting.UPLOAD_MAX_BYTES),
        in.duration(Setting.UPLOAD_URL_TTL),
        in.count(Setting.USER_MAX_IN_FLIGHT),
        in.count(Setting.USER_MAX_JOBS_PER_DAY),
        in.count(Setting.GLOBAL_MAX_IN_FLIGHT),
        in.url(Setting.TASKS_OIDC_ISSUER),
        in.url(Setting.TASKS_OIDC_JWKS_URL),
        in.text(Setting.WEBHOOK_SECRETS),
        in.text(Setting.FIRESTORE_EMULATOR_HOST),
        in.text(Setting.CLOUD_TASKS_EMULATOR_HOST),
        in.text(Setting.STORAGE_EMULATOR_HOST),
        in.url(Setting.VEO_BASE_URL),
        in.text(Setting.URL_SIGNER_LOCAL_KEY_FILE),
        in.text(Setting.FIREBASE_AUTH_EMULATOR_HOST),
        in.flag(Setting.WEBHOOK_ALLOW_LOOPBACK));
    in.checkTogether(config);
    in.failIfAnyProblem();
    return config;
  }

  /** The pipeline knobs the use cases take. */
  public PipelineSettings pipelineSettings() {
    return new PipelineSettings(
        videoBucket,
        jobDeadline,
        pollFirstDelay,
        pollInterval,
        pollMaxInterval,
        startLease,
        sweepStallAfter,
        signedUrlTtl,
        new AdmissionLimits(userMaxInFlight, userMaxJobsPerDay, globalMaxInFlight),
        "adaptive".equals(pollSchedule));
  }

  /** Config is logged at start-up; secrets must not be. */
  @Override
  public String toString() {
    return "Config[project=" + googleCloudProject + ", database=" + firestoreDatabase
        + ", bucket=" + videoBucket + ", queue=" + tasksLocation + "/" + tasksQueue + ", startQueue=" + tasksStartQueue
        + ", workerUrl=" + workerUrl + ", finalizerUrl=" + finalizerUrl
        + ", authMode=" + authMode + ", corsAllowedOrigins=" + corsAllowedOrigins
        + ", webhookSecrets=" + (webhookSecrets == null || webhookSecrets.isEmpty() ? "(none)" : "(set)")
        + ", emulators=" + (firestoreEmulatorHost != null || cloudTasksEmulatorHost != null
            || storageEmulatorHost != null || veoBaseUrl != null)
        + "]";
  }

  /** Reads one function's settings, collecting problems instead of stopping at the first. */
  private static final class EnvReader {
    private final FunctionName function;
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(FunctionName function, Map<String, String> env) {
      this.function = function;
      this.env = env;
    }

    /** The raw value: from the environment when this function uses it, else the default. */
    private String raw(Setting setting) {
      if (!setting.usedBy(function)) {
        return setting.defaultValue();
      }
      String value = env.get(setting.envName());
      if (value == null || value.isBlank()) {
        if (setting.requiredBy(function)) {
          problems.add(setting.envName() + " is required");
        }
        return setting.defaultValue();
      }
      return value.strip();
    }

    String text(Setting setting) {
      return raw(setting);
    }

    String url(Setting setting) {
      String value = raw(setting);
      if (value != null && !isHttpUrl(value)) {
        problems.add(setting.envName() + " must be an http(s) URL, got '" + value + "'");
      }
      return value;
    }

    Duration duration(Setting setting) {
      String value = raw(setting);
      if (value == null) {
        return null;
      }
      try {
        Duration parsed = Duration.parse(value);
        if (parsed.isNegative() || parsed.isZero()) {
          problems.add(setting.envName() + " must be a positive duration, got '" + value + "'");
        }
        return parsed;
      } catch (DateTimeParseException e) {
        problems.add(setting.envName() + " must be an ISO-8601 duration like PT10S, got '" + value + "'");
        return null;
      }
    }

    /** Zero (the default, P0D) is off; a negative or malformed duration is a problem. */
    Duration retention(Setting setting) {
      String value = raw(setting);
      try {
        Duration parsed = Duration.parse(value);
        if (parsed.isNegative()) {
          problems.add(setting.envName() + " must be P0D (keep for ever) or a positive duration, got '" + value + "'");
          return Duration.ZERO;
        }
        return parsed;
      } catch (DateTimeParseException e) {
        problems.add(setting.envName() + " must be an ISO-8601 duration like P30D, got '" + value + "'");
        return Duration.ZERO;
      }
    }

    Duration signedUrlTtl(Setting setting) {
      Duration ttl = duration(setting);
      if (ttl != null && ttl.compareTo(MAX_SIGNED_URL_TTL) > 0) {
        problems.add(setting.envName() + " must be at most 7 days (P7D), the longest a V4 signed URL lives, got '"
            + ttl + "'");
      }
      return ttl;
    }

    int count(Setting setting) {
      String value = raw(setting);
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < 0) {
          problems.add(setting.envName() + " must be 0 or more (0 means no limit), got '" + value + "'");
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(setting.envName() + " must be a whole number, got '" + value + "'");
        return 0;
      }
    }

    long size(Setting setting) {
      String value = raw(setting);
      try {
        long parsed = Long.parseLong(value);
        if (parsed <= 0) {
          problems.add(setting.envName() + " must be a positive number of bytes, got '" + value + "'");
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(setting.envName() + " must be a whole number of bytes, got '" + value + "'");
        return 0;
      }
    }

    boolean flag(Setting setting) {
      String value = raw(setting);
      if ("true".equalsIgnoreCase(value)) {
        return true;
      }
      if (!"false".equalsIgnoreCase(value)) {
        problems.add(setting.envName() + " must be true or false, got '" + value + "'");
      }
      return false;
    }

    /** The value if it is one of {@code allowed}, else a problem and the first allowed value. */
    String oneOf(Setting setting, String... allowed) {
      String value = raw(setting);
      for (String candidate : allowed) {
        if (candidate.equals(value)) {
          return candidate;
        }
      }
      problems.add(setting.envName() + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
      return allowed[0];
    }

    AuthMode authMode(Setting setting) {
      String value = raw(setting);
      for (AuthMode mode : AuthMode.values()) {
        if (mode.settingValue().equals(value)) {
          return mode;
        }
      }
      problems.add(setting.envName() + " must be one of firebase, emulator, got '" + value + "'");
      return AuthMode.FIREBASE;
    }

    List<String> origins(Setting setting) {
      String value = raw(setting);
      List<String> origins = new ArrayList<>();
      for (String part : value == null ? new String[0] : value.split(",")) {
        String origin = part.strip();
        if (origin.endsWith("/")) {
          origin = origin.substring(0, origin.length() - 1);
        }
        if (origin.isEmpty()) {
          continue;
        }
        if (!isOrigin(origin)) {
          problems.add(setting.envName() + " entries must be origins like https://app.example.com, got '"
              + part.strip() + "'");
          continue;
        }
        origins.add(origin.toLowerCase(Locale.ROOT));
      }
      return origins;
    }

    /** Rules that involve more than one variable. */
    void checkTogether(Config config) {
      if (Setting.AUTH_MODE.usedBy(function) && config.authMode() == AuthMode.EMULATOR) {
        String service = env.get(CLOUD_RUN_MARKER);
        if (service != null && !service.isBlank()) {
          problems.add("AUTH_MODE=emulator refused: emulator auth mode cannot run on Cloud Run (K_SERVICE="
              + service.strip() + ")");
        }
      }
      if (Setting.START_LEASE.usedBy(function) && config.startLease() != null && config.workerTimeout() != null
          && config.startLease().compareTo(config.workerTimeout().plus(LEASE_MARGIN)) < 0) {
        problems.add("START_LEASE (" + config.startLease() + ") must outlast WORKER_TIMEOUT (" + config.workerTimeout()
            + ") by at least " + LEASE_MARGIN + ", so a start handler never runs past its claim");
      }
      if (config.pollInterval() != null && config.pollMaxInterval() != null
          && config.pollMaxInterval().compareTo(config.pollInterval()) < 0) {
        problems.add("POLL_MAX_INTERVAL must not be shorter than POLL_INTERVAL");
      }
    }

    void failIfAnyProblem() {
      if (!problems.isEmpty()) {
        throw new ConfigException(function, problems);
      }
    }

    private static boolean isHttpUrl(String value) {
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme();
        return scheme != null
            && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            && uri.getHost() != null;
      } catch (URISyntaxException e) {
        return false;
      }
    }

    private static boolean isOrigin(String value) {
      if (!isHttpUrl(value)) {
        return false;
      }
      URI uri = URI.create(value);
      return (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    }
  }
}
