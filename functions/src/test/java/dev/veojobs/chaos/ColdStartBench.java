package dev.veojobs.chaos;

import dev.veojobs.emulators.stack.EmulatorIdTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cold start: a fresh JVM runs the Functions Framework invoker with one function, as a new Cloud Run
 * instance does; the time from starting the process to the first answer, for hello-world and for
 * jobs-api answering a 401 (no token), a GET and a POST (with a token, against the running stack's
 * emulators). Runs alternate between the kinds, so machine noise spreads over all of them; the
 * ratio to hello-world is what counts. Classes loaded before the answer come from -verbose:class.
 */
final class ColdStartBench {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  enum Kind {
    HELLO("hello-world", HelloFunction.class.getName(), "GET", false),
    API_401("jobs-api 401 (no token)", "dev.veojobs.http.JobsApiFunction", "GET", false),
    API_GET("jobs-api GET /v1/jobs", "dev.veojobs.http.JobsApiFunction", "GET", true),
    API_POST("jobs-api POST /v1/jobs", "dev.veojobs.http.JobsApiFunction", "POST", true);

    final String label;
    final String target;
    final String method;
    final boolean token;

    Kind(String label, String target, String method, boolean token) {
      this.label = label;
      this.target = target;
      this.method = method;
      this.token = token;
    }
  }

  private ColdStartBench() {}

  static List<BenchResults.ColdStart> run(ChaosStack stack, int runs, List<String> jvmOptions) throws Exception {
    stack.reset();
    List<List<Double>> millis = new ArrayList<>();
    List<List<Double>> classes = new ArrayList<>();
    for (Kind ignored : Kind.values()) {
      millis.add(new ArrayList<>());
      classes.add(new ArrayList<>());
    }
    for (int run = 0; run < runs; run++) {
      for (Kind kind : Kind.values()) {
        long[] measured = once(stack, kind, run, jvmOptions);
        millis.get(kind.ordinal()).add((double) measured[0]);
        classes.get(kind.ordinal()).add((double) measured[1]);
      }
    }
    BenchStats hello = BenchStats.of(millis.get(Kind.HELLO.ordinal()));
    List<BenchResults.ColdStart> results = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      BenchStats stats = BenchStats.of(millis.get(kind.ordinal()));
      results.add(new BenchResults.ColdStart(kind.label, runs, stats, stats.p50() / hello.p50(),
          (long) BenchStats.of(classes.get(kind.ordinal())).p50()));
    }
    return results;
  }

  /** One fresh JVM: {milliseconds to the first answer, classes loaded by then}. */
  private static long[] once(ChaosStack stack, Kind kind, int run, List<String> jvmOptions) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-verbose:class");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("com.google.cloud.functions.invoker.runner.Invoker");
    command.add("--target");
    command.add(kind.target);
    command.add("--port");
    command.add(Integer.toString(port));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(stack.local().functionEnvironment());
    AtomicLong loaded = new AtomicLong();
    long started = System.nanoTime();
    Process process = builder.start();
    Thread reader = Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.contains("[class,load]")) {
            loaded.incrementAndGet();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String path = kind == Kind.HELLO ? "/" : "/v1/jobs";
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .timeout(Duration.ofSeconds(30));
      if (kind.token) {
        request.header("Authorization", "Bearer " + EmulatorIdTokens.forUser(stack.local().projectId(),
            "cold-" + kind.name().toLowerCase() + "-" + run, stack.clock().instant()));
      }
      if (kind.method.equals("POST")) {
        request.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a cold start\",\"parameters\":{\"duration_seconds\":4}}"));
      } else {
        request.GET();
      }
      long giveUp = started + LIMIT.toNanos();
      while (true) {
        try {
          HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          long ms = (System.nanoTime() - started) / 1_000_000;
          int expected = kind == Kind.HELLO ? 200 : kind == Kind.API_401 ? 401 : kind == Kind.API_POST ? 202 : 200;
          if (answer.statusCode() != expected) {
            throw new IllegalStateException(kind.label + " answered " + answer.statusCode() + ": " + answer.body());
          }
          return new long[] {ms, loaded.get()};
        } catch (java.net.ConnectException notYet) {
          if (System.nanoTime() > giveUp || !process.isAlive()) {
            throw new IllegalStateException(kind.label + " did not answer within " + LIMIT
                + (process.isAlive() ? "" : " (the process ended with " + process.exitValue() + ")"));
          }
          Thread.sleep(5);
        }
      }
    } finally {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      reader.join(2000);
    }
  }
}
