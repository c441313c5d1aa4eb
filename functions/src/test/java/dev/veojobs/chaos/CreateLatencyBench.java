package dev.veojobs.chaos;

import com.google.cloud.functions.invoker.runner.Invoker;
import dev.veojobs.emulators.stack.JobsApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create latency: {@code creates} POST /v1/jobs one after another, then {@code creates} from
 * {@code concurrency} clients at once, every create by its own user (so only the shared documents
 * can contend), side by side with the same calls to a hello-world function under the same invoker
 * in the same JVM: the machine's own floor. ABORTED commits are counted at the Firestore emulator.
 */
final class CreateLatencyBench {
  private static final String BODY = "{\"prompt\":\"a bench clip\",\"parameters\":{\"duration_seconds\":4}}";

  private CreateLatencyBench() {}

  static BenchResults.CreateLatency run(ChaosStack stack, int creates, int concurrency) throws Exception {
    stack.reset();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger user = new AtomicInteger();
    Call create = () -> {
      String uid = "bench-create-" + user.incrementAndGet();
      JobsApiClient.Response r = stack.api(uid).createJob(BODY, "k-" + uid);
      if (r.status() != 202) {
        refused.incrementAndGet();
      }
    };
    try (Hello hello = Hello.start()) {
      // Warm both up first: this measures the warm path; cold starts are measured on their own.
      for (int i = 0; i < 5; i++) {
        create.run();
        hello.call();
      }
      long commits0 = stack.local().firestore().commitCount();
      long aborted0 = stack.local().firestore().abortedCount();
      List<Double> sequential = sequential(create, creates);
      List<Double> helloSequential = sequential(hello::call, creates);
      List<Double> concurrent = concurrent(create, creates, concurrency);
      List<Double> helloConcurrent = concurrent(hello::call, creates, concurrency);
      long commits = stack.local().firestore().commitCount() - commits0;
      long aborted = stack.local().firestore().abortedCount() - aborted0;
      return new BenchResults.CreateLatency(creates, concurrency, BenchStats.of(sequential), BenchStats.of(concurrent),
          commits, aborted, BenchStats.of(helloSequential), BenchStats.of(helloConcurrent), refused.get());
    }
  }

  interface Call {
    void run() throws Exception;
  }

  private static List<Double> sequential(Call call, int n) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      call.run();
      ms.add((System.nanoTime() - t) / 1e6);
    }
    return ms;
  }

  private static List<Double> concurrent(Call call, int n, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Double> ms = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        running.add(pool.submit(() -> {
          long t = System.nanoTime();
          call.run();
          ms.add((System.nanoTime() - t) / 1e6);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return ms;
  }

  /** {@link HelloFunction} under the Functions Framework invoker, as the stack serves the real ones. */
  static final class Hello implements AutoCloseable {
    private final Invoker invoker;
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    private Hello(Invoker invoker, int port) {
      this.invoker = invoker;
      this.uri = URI.create("http://localhost:" + port + "/");
    }

    static Hello start() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Invoker invoker = new Invoker(port, HelloFunction.class.getName(), "http",
          CreateLatencyBench.class.getClassLoader());
      invoker.startTestServer();
      return new Hello(invoker, port);
    }

    void call() throws IOException, InterruptedException {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("hello answered " + r.statusCode());
      }
    }

    @Override
    public void close() throws Exception {
      invoker.stopServer();
    }
  }
}
