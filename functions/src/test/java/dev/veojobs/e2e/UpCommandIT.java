package dev.veojobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.emulators.stack.EmulatorIdTokens;
import dev.veojobs.emulators.stack.JobsApiClient;
import dev.veojobs.emulators.stack.LocalStack;
import dev.veojobs.emulators.stack.UpCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dev up} as a user sees it, minus Ctrl-C: the terminal shows the URL table and one line
 * per job state change, while the functions' and emulators' own output goes to the log file.
 */
class UpCommandIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theTerminalShowsTheUrlsAndOneLinePerJobChangeAndTheLogHoldsTheRest(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    Path log = dir.resolve("up.log");
    UpCommand up = new UpCommand(terminal, false, log, false);

    String id;
    try (UpCommand.Running running = up.start(RealTimeStack.options())) {
      LocalStack stack = running.stack();
      JobsApiClient api = new JobsApiClient(stack.apiUrl(),
          () -> EmulatorIdTokens.forUser(stack.projectId(), "up-user", stack.clock().instant()));
      JobsApiClient.Response created = api.createJob("{\"prompt\":\"a paper boat on a rainy street\"}",
          UUID.randomUUID().toString());
      assertThat(created.status()).as(created.text()).isEqualTo(202);
      id = created.body().path("id").asText();
      Instant deadline = Instant.now().plus(WAIT);
      while (!screen.toString(StandardCharsets.UTF_8).contains(id.substring(0, 8) + "  COMPLETED")
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(100); // polling the screen for the watcher's line; the job runs on real time here
      }
    }

    String text = screen.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("web page").contains("jobs-api").contains("Open http://localhost:");
    String shortId = id.substring(0, 8);
    assertThat(text.lines().filter(l -> l.contains("job " + shortId)).toList())
        .as("the job's lines on the terminal")
        .first().asString().containsPattern("(PENDING|PROCESSING) · ").contains("\"a paper boat on a rainy street\"");
    // The watcher looks twice a second, so a state that lasted less may not get its own line.
    assertThat(text).contains("job " + shortId + "  COMPLETED");
    assertThat(text.lines().filter(l -> l.contains("job " + shortId))).as("one line per change").doesNotHaveDuplicates();
    assertThat(text).as("no log lines on the terminal").doesNotContain("{\"").doesNotContain("jetty");
    assertThat(Files.readString(log)).as("the log file").contains("instance starting").contains("\"severity\"");
  }
}
