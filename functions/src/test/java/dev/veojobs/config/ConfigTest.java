package dev.veojobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.veojobs.app.AdmissionLimits;
import dev.veojobs.app.PipelineSettings;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigTest {

  /** Every required variable of every function, with plausible production values. */
  static Map<String, String> completeEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("GOOGLE_CLOUD_PROJECT", "veo-prod");
    env.put("VIDEO_BUCKET", "veo-prod-videos");
    env.put("TASKS_LOCATION", "us-central1");
    env.put("TASKS_QUEUE", "veo-jobs");
    env.put("TASKS_START_QUEUE", "veo-jobs-start");
    env.put("TASKS_INVOKER_SA", "tasks-invoker@veo-prod.iam.gserviceaccount.com");
    env.put("WORKER_URL", "https://job-worker-abc-uc.a.run.app");
    env.put("FINALIZER_URL", "https://job-finalizer-abc-uc.a.run.app");
    env.put("URL_SIGNER_SA", "url-signer@veo-prod.iam.gserviceaccount.com");
    return env;
  }

  static Map<String, String> completeEnvWith(String... pairs) {
    Map<String, String> env = completeEnv();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        env.remove(pairs[i]);
      } else {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  static ConfigException failure(FunctionName function, Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> Config.load(function, env));
  }

  @ParameterizedTest
  @EnumSource(FunctionName.class)
  void aCompleteEnvironmentLoadsWithDefaultsForEveryFunction(FunctionName function) {
    Config config = Config.load(function, completeEnv());

    assertThat(config.googleCloudProject()).isEqualTo("veo-prod");
    assertThat(config.firestoreDatabase()).isEqualTo("(default)");
    assertThat(config.videoBucket()).isEqualTo("veo-prod-videos");
    assertThat(config.workerUrl()).isEqualTo("https://job-worker-abc-uc.a.run.app");
  }

  @Test
  void reportsEveryProblemInOneMessageNamingTheFunction() {
    Map<String, String> env = completeEnvWith("WORKER_URL", null, "POLL_INTERVAL", "10s");

    ConfigException e = failure(FunctionName.JOB_WORKER, env);

    assertThat(e.getMessage()).isEqualTo("Missing or invalid configuration for job-worker: "
        + "WORKER_URL is required; POLL_INTERVAL must be an ISO-8601 duration like PT10S, got '10s'");
    assertThat(e.problems()).hasSize(2);
    assertThat(e.function()).isEqualTo(FunctionName.JOB_WORKER);
  }

  @Test
  void anEmptyEnvironmentListsEveryRequiredVariableOfThatFunctionOnly() {
    ConfigException e = failure(FunctionName.JOBS_API, Map.of());

    List<String> expected = Arrays.stream(Setting.values())
        .filter(s -> s.requiredBy(FunctionName.JOBS_API))
        .map(s -> s.envName() + " is required")
        .toList();
    assertThat(e.problems()).containsExactlyElementsOf(expected);
    assertThat(e.getMessage()).doesNotContain("VEO_LOCATION").doesNotContain("WEBHOOK_SECRETS");
  }

  @Test
  void aBlankVariableCountsAsMissing() {
    ConfigException e = failure(FunctionName.JOB_FINALIZER, completeEnvWith("VIDEO_BUCKET", "  "));

    assertThat(e.problems()).containsExactly("VIDEO_BUCKET is required");
  }

  @Test
  void parsesTypedValues() {
    Config config = Config.load(FunctionName.JOBS_API, completeEnvWith(
        "SIGNED_URL_TTL", "PT30M",
        "JOB_DEADLINE", "PT45M",
        "CORS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:5173/ ,",
        "USER_MAX_IN_FLIGHT", "7",
        "USER_MAX_JOBS_PER_DAY", "0",
        "GLOBAL_MAX_IN_FLIGHT", " 12 ",
        "AUTH_MODE", "emulator"));

    assertThat(config.signedUrlTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.jobDeadline()).isEqualTo(Duration.ofMinutes(45));
    assertThat(config.corsAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
    assertThat(config.userMaxInFlight()).isEqualTo(7);
    assertThat(config.userMaxJobsPerDay()).isZero();
    assertThat(config.globalMaxInFlight()).isEqualTo(12);
    assertThat(config.authMode()).isEqualTo(AuthMode.EMULATOR);
  }

  @Test
  void malformedWholeNumbersAndNegativeLimitsAreReported() {
    ConfigException e = failure(FunctionName.JOBS_API,
        completeEnvWith("USER_MAX_IN_FLIGHT", "three", "GLOBAL_MAX_IN_FLIGHT", "-1"));

    assertThat(e.problems()).containsExactly(
        "USER_MAX_IN_FLIGHT must be a whole number, got 'three'",
        "GLOBAL_MAX_IN_FLIGHT must be 0 or more (0 means no limit), got '-1'");
  }

  @Test
  void durationsMustBePositive() {
    ConfigException e = failure(FunctionName.JOB_WORKER, completeEnvWith("POLL_INTERVAL", "PT0S"));

    assertThat(e.problems()).containsExactly("POLL_INTERVAL must be a positive duration, got 'PT0S'");
  }

  @Test
  void jobRetentionIsOffByDefaultAndRefusesNegativeOrMalformedDurations() {
    assertThat(Config.load(FunctionName.JOBS_API, completeEnv()).jobRetention()).isZero();
    assertThat(Config.load(FunctionName.JOB_FINALIZER, completeEnvWith("JOB_RETENTION", "P30D")).jobRetention())
        .isEqualTo(java.time.Duration.ofDays(30));

    assertThat(failure(FunctionName.JOB_WORKER, completeEnvWith("JOB_RETENTION", "-P1D")).problems())
        .containsExactly("JOB_RETENTION must be P0D (keep for ever) or a positive duration, got '-P1D'");
    assertThat(failure(FunctionName.JOB_WORKER, completeEnvWith("JOB_RETENTION", "30d")).problems())
        .containsExactly("JOB_RETENTION must be an ISO-8601 duration like P30D, got '30d'");
  }

  @Test
  void signedUrlsCannotLiveLongerThanSevenDays() {
    assertThat(Config.load(FunctionName.JOB_FINALIZER, completeEnvWith("SIGNED_URL_TTL", "P7D")).signedUrlTtl())
        .isEqualTo(Duration.ofDays(7));

    ConfigException e = failure(FunctionName.JOB_FINALIZER, completeEnvWith("SIGNED_URL_TTL", "P7DT1S"));

    assertThat(e.problems()).singleElement().asString()
        .startsWith("SIGNED_URL_TTL must be at most 7 days (P7D)");
  }

  @Test
  void authModeMustBeKnown() {
    ConfigException e = failure(FunctionName.JOBS_API, completeEnvWith("AUTH_MODE", "none"));

    assertThat(e.problems()).containsExactly("AUTH_MODE must be one of firebase, emulator, got 'none'");
  }

  @Test
  void emulatorAuthIsRefusedOnCloudRun() {
    ConfigException e = failure(FunctionName.JOBS_API,
        completeEnvWith("AUTH_MODE", "emulator", "K_SERVICE", "jobs-api"));

    assertThat(e.getMessage()).contains("emulator auth mode cannot run on Cloud Run");
  }

  @Test
  void firebaseAuthRunsOnCloudRun() {
    Config config = Config.load(FunctionName.JOBS_API, completeEnvWith("K_SERVICE", "jobs-api"));

    assertThat(config.authMode()).isEqualTo(AuthMode.FIREBASE);
  }

  @Test
  void urlsMustBeHttpOrHttps() {
    ConfigException e = failure(FunctionName.JOB_WORKER, completeEnvWith(
        "WORKER_URL", "gs://bucket/worker",
        "FINALIZER_URL", "localhost:8081",
        "VEO_BASE_URL", "ftp://veo.local"));

    assertThat(e.problems()).containsExactly(
        "WORKER_URL must be an http(s) URL, got 'gs://bucket/worker'",
        "FINALIZER_URL must be an http(s) URL, got 'localhost:8081'",
        "VEO_BASE_URL must be an http(s) URL, got 'ftp://veo.local'");
  }

  @Test
  void corsEntriesMustBeBareOrigins() {
    ConfigException e = failure(FunctionName.JOBS_API,
        completeEnvWith("CORS_ALLOWED_ORIGINS", "https://ok.example.com,https://app.example.com/path,*"));

    assertThat(e.problems()).containsExactly(
        "CORS_ALLOWED_ORIGINS entries must be origins like https://app.example.com, got 'https://app.example.com/path'",
        "CORS_ALLOWED_ORIGINS entries must be origins like https://app.example.com, got '*'");
  }

  @Test
  void flagsAreTrueOrFalse() {
    assertThat(Config.load(FunctionName.JOB_FINALIZER, completeEnvWith("WEBHOOK_ALLOW_LOOPBACK", "TRUE"))
        .webhookAllowLoopback()).isTrue();

    ConfigException e = failure(FunctionName.JOB_FINALIZER, completeEnvWith("WEBHOOK_ALLOW_LOOPBACK", "yes"));

    assertThat(e.problems()).containsExactly("WEBHOOK_ALLOW_LOOPBACK must be true or false, got 'yes'");
  }

  @Test
  void pollingCannotSlowDownBelowItsStartingInterval() {
    ConfigException e = failure(FunctionName.JOB_WORKER,
        completeEnvWith("POLL_INTERVAL", "PT40S", "POLL_MAX_INTERVAL", "PT30S"));

    assertThat(e.problems()).containsExactly("POLL_MAX_INTERVAL must not be shorter than POLL_INTERVAL");
  }

  @Test
  void aFunctionIgnoresVariablesItDoesNotUse() {
    // The worker does not serve browsers: a broken CORS or auth setting meant for jobs-api must not stop it.
    Config config = Config.load(FunctionName.JOB_WORKER, completeEnvWith(
        "CORS_ALLOWED_ORIGINS", "not an origin",
        "AUTH_MODE", "bogus",
        "USER_MAX_IN_FLIGHT", "x",
        "URL_SIGNER_SA", null));

    assertThat(config.corsAllowedOrigins()).isEmpty();
    assertThat(config.authMode()).isEqualTo(AuthMode.FIREBASE);
    assertThat(config.userMaxInFlight()).isEqualTo(3);
    assertThat(config.urlSignerSa()).isNull();
  }

  @Test
  void absentOptionalSettingsWithoutDefaultAreNull() {
    Config config = Config.load(FunctionName.JOB_WORKER, completeEnv());

    assertThat(config.firestoreEmulatorHost()).isNull();
    assertThat(config.veoBaseUrl()).isNull();
  }

  @Test
  void emulatorEndpointsAreOrdinaryConfig() {
    Config config = Config.load(FunctionName.JOB_WORKER, completeEnvWith(
        "FIRESTORE_EMULATOR_HOST", "localhost:8080",
        "CLOUD_TASKS_EMULATOR_HOST", "localhost:8123",
        "STORAGE_EMULATOR_HOST", "http://localhost:9199",
        "VEO_BASE_URL", "http://localhost:8090"));

    assertThat(config.firestoreEmulatorHost()).isEqualTo("localhost:8080");
    assertThat(config.cloudTasksEmulatorHost()).isEqualTo("localhost:8123");
    assertThat(config.storageEmulatorHost()).isEqualTo("http://localhost:9199");
    assertThat(config.veoBaseUrl()).isEqualTo("http://localhost:8090");
  }

  @Test
  void buildsPipelineSettings() {
    Config config = Config.load(FunctionName.JOB_WORKER, completeEnvWith("POLL_FIRST_DELAY", "PT20S"));
    // The worker does not read admission limits; they keep their defaults.
    PipelineSettings settings = config.pipelineSettings();

    assertThat(settings).isEqualTo(new PipelineSettings(
        "veo-prod-videos",
        Duration.ofMinutes(20),
        Duration.ofSeconds(20),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(3),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        new AdmissionLimits(3, 50, 200),
        false));
  }

  @Test
  void toStringKeepsSecretsOut() {
    Config config = Config.load(FunctionName.JOB_FINALIZER,
        completeEnvWith("WEBHOOK_SECRETS", "example.com=s3cr3t-value"));

    assertThat(config.webhookSecrets()).isEqualTo("example.com=s3cr3t-value");
    assertThat(config.toString()).doesNotContain("s3cr3t").contains("webhookSecrets=(set)");
  }

  @Test
  void oneComponentPerSettingInTheSameOrder() {
    List<String> components = Arrays.stream(Config.class.getRecordComponents())
        .map(RecordComponent::getName)
        .toList();
    List<String> settings = Arrays.stream(Setting.values()).map(ConfigTest::camelCase).toList();

    assertThat(components).containsExactlyElementsOf(settings);
  }

  @ParameterizedTest
  @EnumSource(Setting.class)
  void everyDefaultParsesForEveryFunctionThatReadsIt(Setting setting) throws Exception {
    for (FunctionName function : FunctionName.values()) {
      if (!setting.usedBy(function) || setting.defaultValue() == null) {
        continue;
      }
      // The default is applied when the variable is absent, and setting it explicitly gives the same value.
      Config implicit = Config.load(function, completeEnvWith(setting.envName(), null));
      Config explicit = Config.load(function, completeEnvWith(setting.envName(), setting.defaultValue()));

      Object value = Config.class.getMethod(camelCase(setting)).invoke(implicit);
      assertThat(value).as("%s for %s", setting, function).isNotNull();
      assertThat(Config.class.getMethod(camelCase(setting)).invoke(explicit)).isEqualTo(value);
    }
  }

  @Test
  void fromEnvironmentReadsTheProcessEnvironment() {
    // The test JVM does not carry a deployment's variables, so the required ones are reported missing.
    assertThatThrownBy(() -> Config.fromEnvironment(FunctionName.JOB_WORKER))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIDEO_BUCKET is required");
  }

  private static String camelCase(Setting setting) {
    String[] words = setting.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }

  @Test
  void refusesAStartLeaseThatDoesNotOutlastTheWorkersTimeout() {
    ConfigException e = failure(FunctionName.JOB_WORKER,
        completeEnvWith("WORKER_TIMEOUT", "PT120S", "START_LEASE", "PT140S"));

    assertThat(e.problems()).containsExactly("START_LEASE (PT2M20S) must outlast WORKER_TIMEOUT (PT2M) by at least"
        + " PT30S, so a start handler never runs past its claim");
  }

  @Test
  void acceptsTheDeployedLeaseAndTimeout() {
    Config config = Config.load(FunctionName.JOB_WORKER,
        completeEnvWith("WORKER_TIMEOUT", "PT120S", "START_LEASE", "PT180S"));

    assertThat(config.startLease()).isEqualTo(java.time.Duration.ofMinutes(3));
  }
}
