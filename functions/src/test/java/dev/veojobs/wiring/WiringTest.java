package dev.veojobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veojobs.config.Config;
import dev.veojobs.config.ConfigException;
import dev.veojobs.config.FunctionName;
import dev.veojobs.http.JobFinalizerFunction;
import dev.veojobs.http.JobWorkerFunction;
import dev.veojobs.http.JobsApiFunction;
import dev.veojobs.log.JsonLog;
import dev.veojobs.security.EmulatorIdTokenVerifier;
import dev.veojobs.security.FirebaseIdTokenVerifier;
import dev.veojobs.security.TaskTokenVerifier;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WiringTest {
  static final JsonLog QUIET = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), "p", Clock.systemUTC());

  static Config config(FunctionName function, String... extra) {
    Map<String, String> env = new HashMap<>(Map.of(
        "GOOGLE_CLOUD_PROJECT", "demo-veo-jobs",
        "VIDEO_BUCKET", "videos",
        "TASKS_LOCATION", "us-central1",
        "TASKS_QUEUE", "veo-jobs",
        "TASKS_START_QUEUE", "veo-jobs-start",
        "TASKS_INVOKER_SA", "invoker@demo.iam.gserviceaccount.com",
        "WORKER_URL", "http://localhost:8081",
        "FINALIZER_URL", "http://localhost:8082",
        "URL_SIGNER_SA", "signer@demo.iam.gserviceaccount.com"));
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return Config.load(function, env);
  }

  @Test
  void buildsEveryUseCaseFromTheAdapters() {
    Wiring wiring = new Wiring(config(FunctionName.JOB_WORKER), mock(Adapters.class), QUIET);

    JobsApiUseCases api = wiring.jobsApi();
    assertThat(api.createJob()).isNotNull();
    assertThat(api.getJob()).isNotNull();
    assertThat(api.listJobs()).isNotNull();
    assertThat(api.latestNodeJob()).isNotNull();
    assertThat(api.cancelJob()).isNotNull();
    assertThat(wiring.startGeneration()).isNotNull();
    assertThat(wiring.pollGeneration()).isNotNull();
    assertThat(wiring.sweepJobs()).isNotNull();
    assertThat(wiring.finalizeJob()).isNotNull();
    assertThat(wiring.taskTokenVerifier("http://localhost:8081")).isInstanceOf(TaskTokenVerifier.class);
  }

  @Test
  void authModeChoosesTheCallerVerifier() {
    Wiring emulator = new Wiring(config(FunctionName.JOBS_API, "AUTH_MODE", "emulator"), mock(Adapters.class), QUIET);
    Wiring firebase = new Wiring(config(FunctionName.JOBS_API), mock(Adapters.class), QUIET);

    assertThat(emulator.callerVerifier(Map.of())).isInstanceOf(EmulatorIdTokenVerifier.class);
    assertThat(firebase.callerVerifier(Map.of())).isInstanceOf(FirebaseIdTokenVerifier.class);
  }

  @Test
  void emulatorTokensRefuseToStartOnCloudRun() {
    Wiring emulator = new Wiring(config(FunctionName.JOBS_API, "AUTH_MODE", "emulator"), mock(Adapters.class), QUIET);

    assertThatThrownBy(() -> emulator.callerVerifier(Map.of("K_REVISION", "jobs-api-00001")))
        .hasMessageContaining("emulator auth mode refuses to run on Cloud Run");
  }

  @Test
  void theGcpAdaptersConnectNothingUntilFirstUse() {
    // Building them must not open clients: jobs-api never needs Veo, and a cold start should not
    // pay for connections its requests will not use. The first use builds the client.
    Adapters adapters = Adapters.forConfig(config(FunctionName.JOBS_API));

    assertThat(adapters).isInstanceOf(GcpAdapters.class);
    assertThat(adapters.clock()).isNotNull();
  }

  @Test
  void theNoArgConstructorsRefuseToStartWithoutConfigurationAndSayWhy() throws Exception {
    Map<FunctionName, Supplier<Object>> constructors = Map.of(
        FunctionName.JOBS_API, JobsApiFunction::new,
        FunctionName.JOB_WORKER, JobWorkerFunction::new,
        FunctionName.JOB_FINALIZER, JobFinalizerFunction::new);
    for (Map.Entry<FunctionName, Supplier<Object>> c : constructors.entrySet()) {
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      PrintStream original = System.out;
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      try {
        assertThatThrownBy(() -> c.getValue().get())
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("Missing or invalid configuration for " + c.getKey().serviceName() + ": ")
            .hasMessageContaining("VIDEO_BUCKET is required");
      } finally {
        System.setOut(original);
      }
      JsonNode line = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8).strip());
      assertThat(line.get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(line.get("message").asText()).contains("VIDEO_BUCKET is required");
    }
  }
}
