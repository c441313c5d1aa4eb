package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./dev demo "a prompt" [flags]}: starts the local stack on free ports (so it works next to
 * a running {@code ./dev up}), submits one job through the HTTP API as a browser would, shows its
 * progress, prints the signed URL, saves the video to {@code ./out/<job id>.mp4}, and stops the
 * stack. The stack's own logs go to {@code ./out/demo.log} to keep the screen readable.
 */
public final class DemoCommand {
  public static final int EXIT_COMPLETED = 0;
  public static final int EXIT_NOT_COMPLETED = 1;
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELED");
  private static final Duration POLL_EVERY = Duration.ofMillis(250);
  private static final String DEMO_USER = "demo-user";

  private final PrintStream out;
  private final PrintStream err;
  private final Path outputDirectory;
  private final LocalStackOptions options;

  /**
   * @param outputDirectory where videos (and, from {@link #main}, the stack's log) go
   * @param options how to start the stack; {@link #main} uses free ports and emulator-config/
   */
  public DemoCommand(PrintStream out, PrintStream err, Path outputDirectory, LocalStackOptions options) {
    this.out = out;
    this.err = err;
    this.outputDirectory = outputDirectory;
    this.options = options;
  }

  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Path outputDirectory = Path.of("out");
    DemoCommand demo = new DemoCommand(out, err, outputDirectory, LocalStackOptions.builder().freePorts().build());
    int code;
    try {
      Files.createDirectories(outputDirectory);
      Path log = outputDirectory.resolve("demo.log");
      try (PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
        // The functions and emulators log to the JVM's standard streams; the demo's screen is for the job.
        System.setOut(logStream);
        System.setErr(logStream);
        code = demo.run(args, "its logs: " + log);
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    } catch (IOException e) {
      err.println("dev demo: cannot write to " + outputDirectory.toAbsolutePath() + ": " + e.getMessage());
      code = EXIT_NOT_COMPLETED;
    }
    System.exit(code);
  }

  /** Parses {@code args} and runs one job end to end; returns the exit code. */
  public int run(String... args) {
    return run(args, "its logs on standard output");
  }

  private int run(String[] args, String whereLogsGo) {
    DemoArguments arguments;
    try {
      arguments = DemoArguments.parse(args);
    } catch (DemoArguments.UsageException e) {
      err.println("dev demo: " + e.getMessage());
      err.println(DemoArguments.USAGE);
      return LocalStack.EXIT_USAGE;
    }
    if (arguments.help()) {
      out.println(DemoArguments.USAGE);
      return EXIT_COMPLETED;
    }
    try {
      Files.createDirectories(outputDirectory);
    } catch (IOException e) {
      err.println("dev demo: cannot write to " + outputDirectory.toAbsolutePath() + ": " + e.getMessage());
      return EXIT_NOT_COMPLETED;
    }
    StartProgress progress = new StartProgress(out, ProgressLine.stdoutIsTerminal(),
        "Starting the local stack on free ports (" + whereLogsGo + ")");
    LocalStack stack;
    try {
      stack = LocalStack.start(options, progress);
    } catch (PortInUseException e) {
      progress.abandon();
      err.println("dev demo: " + e.getMessage());
      return PortInUseException.EXIT_CODE;
    } catch (RuntimeException e) {
      progress.abandon();
      err.println("dev demo: the local stack did not start: " + e.getMessage());
      e.printStackTrace(System.err);
      return EXIT_NOT_COMPLETED;
    }
    try (stack) {
      progress.done();
      JobsApiClient api = new JobsApiClient(stack.apiUrl(),
          () -> EmulatorIdTokens.forUser(stack.projectId(), DEMO_USER, stack.clock().instant()));
      return follow(arguments, api);
    } catch (RuntimeException e) {
      err.println("dev demo: " + e.getMessage());
      e.printStackTrace(System.err);
      return EXIT_NOT_COMPLETED;
    }
  }

  private int follow(DemoArguments arguments, JobsApiClient api) {
    String body;
    try {
      body = arguments.requestJson(upload(api, arguments.firstFrame()), upload(api, arguments.lastFrame()),
          arguments.references().stream().map(file -> upload(api, file)).toList());
    } catch (IllegalStateException e) {
      err.println("dev demo: " + e.getMessage());
      return EXIT_NOT_COMPLETED;
    }
    JobsApiClient.Response created = api.createJob(body, UUID.randomUUID().toString());
    int first = followJob(arguments, api, created, arguments.prompt());
    if (first != EXIT_COMPLETED || arguments.extendPrompt() == null) {
      return first;
    }
    String sourceId = created.body().path("id").asText();
    String extension = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("prompt", arguments.extendPrompt()).toString();
    out.println("Extending " + sourceId + " by 7 s: \"" + arguments.extendPrompt() + "\"");
    JobsApiClient.Response extended = api.post("/v1/jobs/" + sourceId + ":extend", extension,
        java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    return followJob(arguments, api, extended, arguments.extendPrompt());
  }

  /** Uploads one image as the page does: a signed PUT URL from POST /v1/uploads, then the PUT. */
  private ObjectNode upload(JobsApiClient api, Path file) {
    if (file == null) {
      return null;
    }
    try {
      byte[] data = Files.readAllBytes(file);
      String type = DemoArguments.contentType(file);
      String ticketBody = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
          .put("content_type", type).put("size_bytes", data.length).toString();
      JobsApiClient.Response ticket = api.post("/v1/uploads", ticketBody, java.util.Map.of());
      if (ticket.status() != 201) {
        throw new IllegalStateException("the API refused the upload of " + file + ": HTTP " + ticket.status() + " "
            + errorText(ticket.body(), ticket.text()));
      }
      HttpResponse<String> put = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(ticket.body().path("upload_url").asText()))
              .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() / 100 != 2) {
        throw new IllegalStateException("uploading " + file + " failed: HTTP " + put.statusCode());
      }
      out.println("Uploaded " + file + " as " + ticket.body().path("gcs_uri").asText());
      ObjectNode image = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      return image.put("gcs_uri", ticket.body().path("gcs_uri").asText()).put("mime_type", type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading " + file);
    }
  }

  private int followJob(DemoArguments arguments, JobsApiClient api, JobsApiClient.Response created, String prompt) {
    if (created.status() != 202) {
      err.println("dev demo: the API refused the job: HTTP " + created.status() + " " + errorText(created.body(), created.text()));
      return EXIT_NOT_COMPLETED;
    }
    String id = created.body().path("id").asText();
    out.println("Job " + id + " accepted: \"" + prompt + "\"");
    ProgressLine progress = new ProgressLine(out, ProgressLine.stdoutIsTerminal());
    Instant submitted = Instant.now();
    Instant deadline = submitted.plus(arguments.timeout());
    JsonNode job = created.body();
    progress.show(job, Duration.ZERO);
    while (!TERMINAL.contains(job.path("status").asText())) {
      if (Instant.now().isAfter(deadline)) {
        progress.finish();
        err.println("dev demo: job " + id + " did not finish within " + arguments.timeout().toSeconds()
            + " s (still " + job.path("status").asText() + "); --timeout raises the limit");
        return EXIT_NOT_COMPLETED;
      }
      pause();
      JobsApiClient.Response current = api.getJob(id);
      if (current.ok()) {
        job = current.body();
      }
      progress.show(job, Duration.between(submitted, Instant.now()));
    }
    progress.finish();
    return switch (job.path("status").asText()) {
      case "COMPLETED" -> completed(id, job, submitted);
      case "FAILED" -> {
        JsonNode error = job.path("error");
        err.println("FAILED " + error.path("code").asText("UNKNOWN") + ": " + error.path("message").asText("(no message)"));
        yield EXIT_NOT_COMPLETED;
      }
      default -> {
        err.println(job.path("status").asText() + ": the job ended without a video");
        yield EXIT_NOT_COMPLETED;
      }
    };
  }

  private int completed(String id, JsonNode job, Instant submitted) {
    String url = job.path("video_url").asText(null);
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      err.println("dev demo: job " + id + " is COMPLETED but has no downloadable video_url: " + url);
      return EXIT_NOT_COMPLETED;
    }
    out.printf("COMPLETED in %.1f s%n", seconds(submitted));
    out.println("Signed URL (valid while this stack runs; expires " + job.path("video_url_expires_at").asText("?") + "):");
    out.println("  " + url);
    Path file = outputDirectory.resolve(id + ".mp4");
    try {
      HttpResponse<byte[]> video = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (video.statusCode() != 200) {
        err.println("dev demo: downloading the video failed: HTTP " + video.statusCode() + " "
            + new String(video.body(), StandardCharsets.UTF_8));
        return EXIT_NOT_COMPLETED;
      }
      Files.write(file, video.body());
      out.println("Saved " + file + " (" + video.body().length + " bytes)");
      return EXIT_COMPLETED;
    } catch (IOException e) {
      err.println("dev demo: downloading the video failed: " + e.getMessage());
      return EXIT_NOT_COMPLETED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_NOT_COMPLETED;
    }
  }

  private static String errorText(JsonNode body, String raw) {
    JsonNode error = body.path("error");
    if (error.isMissingNode()) {
      return raw == null ? "" : raw;
    }
    StringBuilder text = new StringBuilder(error.path("code").asText() + ": " + error.path("message").asText());
    for (JsonNode detail : error.path("details")) {
      text.append("; ").append(detail.path("field").asText()).append(" ").append(detail.path("reason").asText());
    }
    return text.toString();
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }

  /** The demo watches a real-time job; waiting between status requests is its job, not a test's. */
  private static void pause() {
    try {
      Thread.sleep(POLL_EVERY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
