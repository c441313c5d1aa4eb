package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./dev} checks a command line in plain bash before it looks for a JDK or builds anything,
 * so a typo is answered at once, not after a minute of Maven. Those checks repeat what
 * {@link DemoArguments} accepts; this test keeps the two in step. {@code DEV_DRY_RUN=1} makes the
 * script stop after its check.
 */
class DevScriptTest {
  /** Far below a build (30 s and more) and far above the ~0.1 s the checks take; only a regression to building trips it. */
  private static final Duration NO_BUILD = Duration.ofSeconds(10);

  record Run(int exitCode, String out, String err, Duration took) {}

  @Test
  void usageErrorsAndHelpAnswerWithoutBuilding() {
    Run bogus = dev(Map.of(), "demo", "--bogus");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.err()).startsWith("dev demo: unknown option --bogus\n").contains("usage: ./dev demo");

    Run empty = dev(Map.of(), "demo", "");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).startsWith("dev demo: a prompt is required");

    Run help = dev(Map.of(), "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("demo \"a prompt\"").contains("up").contains("test");

    Run unknown = dev(Map.of(), "deploy");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("dev: unknown command 'deploy'");

    Run upFlag = dev(Map.of(), "up", "--verbose");
    assertThat(upFlag.exitCode()).isEqualTo(2);
    assertThat(upFlag.err()).startsWith("dev up: unknown option --verbose");

    for (Run run : List.of(bogus, empty, help, unknown, upFlag)) {
      assertThat(run.took()).as("a usage answer, not a build").isLessThan(NO_BUILD);
    }
  }

  @Test
  void benchIsACommandWithItsOwnUsageAndChecks() {
    Run help = dev(Map.of(), "help", "bench");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("usage: ./dev bench").contains("target/bench/report.md");

    Run listed = dev(Map.of(), "--help");
    assertThat(listed.out()).contains("bench ");

    Run bogus = dev(Map.of(), "bench", "--fast");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.err()).startsWith("dev bench: unknown option '--fast'").contains("usage: ./dev bench");

    Run missing = dev(Map.of(), "bench", "--cold-jvm-option");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("dev bench: --cold-jvm-option needs an option");

    for (Run run : List.of(help, bogus, missing)) {
      assertThat(run.took()).as("a usage answer, not a build").isLessThan(NO_BUILD);
    }
  }

  @Test
  void theScriptsDemoHelpIsTheJavaUsage() {
    Run help = dev(Map.of(), "demo", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().strip()).isEqualTo(DemoArguments.USAGE.strip());
  }

  /** A real file with an image's name; absolute, because ./dev runs from the repository root and this test does not. */
  private static final String PNG = Path.of("target", "dev-script-test.png").toAbsolutePath().toString();

  @Test
  void theScriptAcceptsExactlyTheValuesDemoArgumentsAccepts() throws Exception {
    java.nio.file.Files.createDirectories(Path.of(PNG).getParent());
    java.nio.file.Files.write(Path.of(PNG), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Map<String, List<String>> allowed = Map.of(
        "--duration", DemoArguments.DURATIONS,
        "--aspect", DemoArguments.ASPECT_RATIOS,
        "--resolution", DemoArguments.RESOLUTIONS,
        "--model", DemoArguments.MODELS);
    assertThat(DemoArguments.FLAGS).containsAll(allowed.keySet());
    List<String> disagreements = new ArrayList<>();
    allowed.forEach((flag, values) -> {
      List<String> candidates = new ArrayList<>(values);
      candidates.addAll(List.of("5", "4:3", "480p", "veo-2.0-generate-001", ""));
      for (String value : candidates) {
        boolean java = accepts("a boat", flag, value);
        Run script = dev(Map.of("DEV_DRY_RUN", "1"), "demo", "a boat", flag, value);
        if (java != (script.exitCode() == 0)) {
          disagreements.add(flag + " " + value + ": Java " + java + ", ./dev exit " + script.exitCode() + " " + script.err());
        }
      }
    });
    for (List<String> args : List.of(List.of("a boat", "--timeout", "30"), List.of("a boat", "--timeout", "0"),
        List.of("a boat", "--timeout", "soon"), List.of("a boat", "--negative", " "), List.of("a", "boat"),
        List.of("  "), List.of("a boat", "--negative=blurry", "--aspect=9:16"), List.of("a boat", "--colour", "red"),
        List.of("a boat", "--first-frame", "pom.xml"), List.of("a boat", "--first-frame", "missing.png"),
        List.of("a boat", "--first-frame", PNG), List.of("a boat", "--last-frame", PNG),
        List.of("a boat", "--first-frame", PNG, "--last-frame", PNG),
        List.of("a boat", "--reference", PNG, "--reference", PNG, "--reference", PNG),
        List.of("a boat", "--reference", PNG, "--reference", PNG, "--reference", PNG, "--reference", PNG),
        List.of("a boat", "--extend", "on and on"), List.of("a boat", "--extend", " "))) {
      boolean java = accepts(args.toArray(String[]::new));
      List<String> command = new ArrayList<>(List.of("demo"));
      command.addAll(args);
      Run script = dev(Map.of("DEV_DRY_RUN", "1"), command.toArray(String[]::new));
      if (java != (script.exitCode() == 0)) {
        disagreements.add(args + ": Java " + java + ", ./dev exit " + script.exitCode() + " " + script.err());
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void theScriptsSmokeHelpIsTheJavaUsage() {
    Run help = dev(Map.of(), "smoke", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().strip()).isEqualTo(SmokeArguments.USAGE.strip());
  }

  @Test
  void theScriptAcceptsExactlyTheSmokeLinesSmokeArgumentsAccepts() {
    List<String> disagreements = new ArrayList<>();
    String url = "https://jobs-api-123.us-central1.run.app";
    for (List<String> args : List.of(List.of("--api-url", url, "--token", "t"), List.of("--api-url=" + url, "--token=t"),
        List.of("--api-url", url), List.of("--token", "t"), List.of("--api-url", "jobs-api.run.app", "--token", "t"),
        List.of("--api-url", url, "--token", " "), List.of("--api-url", url, "--token", "t", "--timeout", "0"),
        List.of("--api-url", url, "--token", "t", "--timeout", "90"), List.of("--api-url", url, "--token", "t", "--prompt", ""),
        List.of("--api-url", url, "--token", "t", "--colour", "red"), List.of("--api-url", url, "--token"))) {
      boolean java = smokeAccepts(args);
      List<String> command = new ArrayList<>(List.of("smoke"));
      command.addAll(args);
      Run script = dev(Map.of("DEV_DRY_RUN", "1"), command.toArray(String[]::new));
      if (java != (script.exitCode() == 0)) {
        disagreements.add(args + ": Java " + java + ", ./dev exit " + script.exitCode() + " " + script.err());
      }
    }
    assertThat(disagreements).isEmpty();
  }

  private static boolean smokeAccepts(List<String> args) {
    try {
      SmokeArguments.parse(args.toArray(String[]::new), Map.of());
      return true;
    } catch (SmokeArguments.UsageException e) {
      return false;
    }
  }

  private static boolean accepts(String... args) {
    try {
      DemoArguments.parse(args);
      return true;
    } catch (DemoArguments.UsageException e) {
      return false;
    }
  }

  private static Run dev(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "dev").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(NO_BUILD.toSeconds() * 6, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("./dev " + String.join(" ", args) + " did not answer; is it building?");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Run(process.exitValue(), out, err, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
