package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the jobs of a running stack through the Firestore emulator's control plane (the same
 * documents the functions write) and prints {@link JobStateLines} to the terminal. It reads the
 * job list only when the emulator's commit count moved, so an idle stack costs one small request
 * per look.
 */
final class JobWatcher implements AutoCloseable {
  private static final Duration EVERY = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String statsUrl;
  private final String jobsUrl;
  private final PrintStream terminal;
  private final JobStateLines lines;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("job-watcher").factory());
  private long lastCommits = -1;

  JobWatcher(String firestoreAdminUrl, String projectId, PrintStream terminal, Clock clock) {
    this.statsUrl = firestoreAdminUrl + "/_emulator/stats";
    this.jobsUrl = firestoreAdminUrl + "/_emulator/documents?path=jobs&project="
        + URLEncoder.encode(projectId, StandardCharsets.UTF_8);
    this.terminal = terminal;
    this.lines = new JobStateLines(clock);
  }

  JobWatcher start() {
    timer.scheduleWithFixedDelay(this::look, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One look: prints a line per job whose state changed since the last one. */
  void look() {
    try {
      long commits = get(statsUrl).path("commits").asLong();
      if (commits == lastCommits) {
        return;
      }
      lastCommits = commits;
      for (String line : lines.changes(get(jobsUrl).path("documents"))) {
        terminal.println(line);
      }
      terminal.flush();
    } catch (Exception e) {
      // The stack is stopping, or a look came between two writes; the next look catches up.
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
