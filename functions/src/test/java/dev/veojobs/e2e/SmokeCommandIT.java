package dev.veojobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.stack.EmulatorIdTokens;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.SmokeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./dev smoke} against the local stack standing in for a deployment: only the stack's API
 * URL and a token go in, as they would for a real one.
 */
class SmokeCommandIT {
  private static LocalStack stack;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    stack = LocalStack.start(RealTimeStack.options());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private int smoke(Map<String, String> env, String... args) {
    return new SmokeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofMillis(200)).run(args, env);
  }

  private static String token() {
    return EmulatorIdTokens.forUser(stack.projectId(), "smoke-user", stack.clock().instant());
  }

  @Test
  void aWorkingStackPassesAndEveryStageIsTimed() {
    int code = smoke(Map.of("VEO_JOBS_TOKEN", token()), "--api-url", stack.apiUrl());

    String screen = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(screen + err).isEqualTo(SmokeCommand.EXIT_PASSED);
    assertThat(screen)
        .containsPattern("create +HTTP 202 in \\d+ ms \\(job \\S+\\)")
        .containsPattern("PROCESSING · generating +\\+\\d+\\.\\d s")
        .containsPattern("COMPLETED · done +\\+\\d+\\.\\d s|COMPLETED +\\+\\d+\\.\\d s")
        .containsPattern("video +HTTP 206 in \\d+ ms \\(1024 bytes, video/mp4\\)")
        .contains("smoke passed");
  }

  @Test
  void aJobThatFailsFailsTheSmokeTestWithItsCode() {
    int code = smoke(Map.of(), "--api-url", stack.apiUrl(), "--token", token(), "--prompt", "a storm [safety]");

    assertThat(code).isEqualTo(SmokeCommand.EXIT_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAILED").contains("SAFETY_FILTERED");
  }

  @Test
  void aTokenTheApiRefusesFailsAtCreate() {
    int code = smoke(Map.of(), "--api-url", stack.apiUrl(), "--token", "not-a-token");

    assertThat(code).isEqualTo(SmokeCommand.EXIT_FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("create +HTTP 401");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAILED at create");
  }

  @Test
  void withoutATokenItExplainsWhereToGetOne() {
    int code = smoke(Map.of(), "--api-url", stack.apiUrl());

    assertThat(code).isEqualTo(SmokeCommand.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("gcloud auth print-identity-token");
  }
}
