package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./dev smoke}: the post-deploy check. Creates one job through a deployed jobs-api, follows
 * it, and fetches the first bytes of its signed video URL, printing one line per stage with the time
 * it took. Nothing here is local: the same HTTP a browser makes, so it proves the deployment (auth,
 * queue, worker, Veo, finalizer, bucket, signing) end to end. {@code SmokeCommandIT} runs it against
 * the local stack.
 */
public final class SmokeCommand {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELED");
  private static final Duration POLL_EVERY = Duration.ofSeconds(2);
  private static final String FAST_MODEL = "veo-3.1-fast-generate-001";

  private final PrintStream out;
  private final PrintStream err;
  private final Duration pollEvery;

  public SmokeCommand(PrintStream out, PrintStream err, Duration pollEvery) {
    this.out = out;
    this.err = err;
    this.pollEvery = pollEvery;
  }

  public static void main(String[] args) {
    System.exit(new SmokeCommand(System.out, System.err, POLL_EVERY).run(args, System.getenv()));
  }

  public int run(String[] args, java.util.Map<String, String> env) {
    SmokeArguments arguments;
    try {
      arguments = SmokeArguments.parse(args, env);
    } catch (SmokeArguments.UsageException e) {
      err.println("dev smoke: " + e.getMessage());
      err.print(SmokeArguments.USAGE);
      return EXIT_USAGE;
    }
    try {
      return smoke(arguments);
    } catch (RuntimeException e) {
      err.println("dev smoke: FAILED: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  private int smoke(SmokeArguments arguments) {
    JobsApiClient api = new JobsApiClient(arguments.apiUrl().toString(), arguments::token);
    long started = System.nanoTime();
    JobsApiClient.Response created = api.createJob(requestJson(arguments.prompt()), UUID.randomUUID().toString());
    long createMs = millisSince(started);
    if (created.status() != 202) {
      out.printf("%-28s HTTP %d in %d ms: %s%n", "create", created.status(), createMs, created.text());
      err.println("dev smoke: FAILED at create" + (created.status() == 401 ? " (is the token for this project?)" : ""));
      return EXIT_FAILED;
    }
    String id = created.body().path("id").asText();
    out.printf("%-28s HTTP 202 in %d ms (job %s)%n", "create", createMs, id);

    JsonNode job = created.body();
    String shown = describe(job);
    out.printf("%-28s +%.1f s%n", shown, secondsSince(started));
    long deadline = started + arguments.timeout().toNanos();
    while (!TERMINAL.contains(job.path("status").asText())) {
      if (System.nanoTime() > deadline) {
        err.println("dev smoke: FAILED: job " + id + " still " + shown + " after " + arguments.timeout().toSeconds() + " s");
        return EXIT_FAILED;
      }
      pause();
      JobsApiClient.Response current = api.getJob(id);
      if (!current.ok()) {
        out.printf("%-28s HTTP %d (retrying)%n", "read", current.status());
        continue;
      }
      job = current.body();
      if (!describe(job).equals(shown)) {
        shown = describe(job);
        out.printf("%-28s +%.1f s%n", shown, secondsSince(started));
      }
    }
    if (!"COMPLETED".equals(job.path("status").asText())) {
      JsonNode error = job.path("error");
      err.println("dev smoke: FAILED: the job ended " + job.path("status").asText() + " "
          + error.path("code").asText("") + " " + error.path("message").asText(""));
      return EXIT_FAILED;
    }
    return fetchVideo(job.path("video_url").asText(""), started);
  }

  /** The first kilobyte is enough to prove the object exists and the signature is accepted. */
  private int fetchVideo(String url, long started) {
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      err.println("dev smoke: FAILED: COMPLETED without a signed video URL: " + url);
      return EXIT_FAILED;
    }
    long fetchStarted = System.nanoTime();
    try {
      HttpResponse<byte[]> video = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=0-1023").timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      out.printf("%-28s HTTP %d in %d ms (%d bytes, %s)%n", "video", video.statusCode(), millisSince(fetchStarted),
          video.body().length, video.headers().firstValue("Content-Type").orElse("no type"));
      if (video.statusCode() != 200 && video.statusCode() != 206) {
        err.println("dev smoke: FAILED: the signed video URL answered HTTP " + video.statusCode());
        return EXIT_FAILED;
      }
    } catch (IOException e) {
      err.println("dev smoke: FAILED: the signed video URL could not be read: " + e.getMessage());
      return EXIT_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_FAILED;
    }
    out.printf("smoke passed: a playable video %.1f s after create%n", secondsSince(started));
    return EXIT_PASSED;
  }

  private static String requestJson(String prompt) {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.put("prompt", prompt);
    body.put("model", FAST_MODEL);
    body.putObject("parameters").put("duration_seconds", 4);
    return body.toString();
  }

  private static String describe(JsonNode job) {
    String stage = job.path("stage").asText("");
    return job.path("status").asText("?") + (stage.isEmpty() ? "" : " · " + stage.toLowerCase(java.util.Locale.ROOT));
  }

  private void pause() {
    try {
      Thread.sleep(pollEvery.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
