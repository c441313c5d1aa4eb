package dev.veojobs.emulators.tasks;

import com.google.cloud.tasks.v2.HttpRequest;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The thread that delivers due tasks over HTTP with the JDK client. It sleeps until the next task
 * is due on the emulator clock and is woken at once by any API change or clock advance, so a test
 * that advances the clock by minutes sees the retries without waiting for them.
 */
final class Dispatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  private static final long MAX_WAIT_MILLIS = 1000;
  /** Headers Cloud Tasks sets itself, or the JDK client refuses; the task's own values are not sent. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "user-agent", "keep-alive", "te",
          "trailer", "transfer-encoding");

  private final TaskStore store;
  private final EmulatorClock clock;
  private final OidcTokenIssuer oidc;
  private final Semaphore wakeups = new Semaphore(0);
  private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http;
  private final Runnable clockListener = this::wake;
  private volatile boolean running;
  private Thread thread;

  Dispatcher(TaskStore store, EmulatorClock clock, OidcTokenIssuer oidc) {
    this.store = store;
    this.clock = clock;
    this.oidc = oidc;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(callbacks)
            .build();
  }

  void start() {
    running = true;
    store.onChange(this::wake);
    clock.onAdvance(clockListener);
    thread = Thread.ofPlatform().name("cloud-tasks-emulator-dispatcher").daemon().start(this::loop);
  }

  void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** Stops the HTTP exchanges of abandoned attempts (reset, deadline). */
  static void cancel(List<DispatchAttempt> attempts) {
    attempts.forEach(DispatchAttempt::cancel);
  }

  @Override
  public void close() {
    running = false;
    clock.removeListener(clockListener);
    wake();
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    http.shutdownNow();
    callbacks.shutdownNow();
  }

  private void loop() {
    while (running) {
      try {
        Instant now = clock.instant();
        cancel(store.expireOverdue(now));
        for (DispatchAttempt attempt : store.claimDue(now)) {
          send(attempt);
        }
        long waitMillis = MAX_WAIT_MILLIS;
        Instant next = store.nextWake(now);
        if (next != null && clock.followsWallClock()) {
          waitMillis = Math.clamp(Duration.between(clock.instant(), next).toMillis() + 1, 1, MAX_WAIT_MILLIS);
        } else if (next != null && !next.isAfter(clock.instant())) {
          waitMillis = 1;
        }
        wakeups.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Cloud Tasks emulator dispatcher failed a pass", e);
      }
    }
  }

  private void send(DispatchAttempt attempt) {
    String token = null;
    HttpRequest task = attempt.task.request();
    if (task.hasOidcToken()) {
      String audience = task.getOidcToken().getAudience();
      token =
          oidc.token(
              task.getOidcToken().getServiceAccountEmail(),
              audience.isEmpty() ? OidcTokenIssuer.defaultAudience(task.getUrl()) : audience,
              attempt.dispatchedAt);
    }
    String bearer = token;
    CompletableFuture<DeliveryResult> primary = deliver(attempt, bearer, false);
    CompletableFuture<DeliveryResult> whole =
        switch (attempt.faults.duplicate()) {
          case NONE -> primary;
          case CONCURRENT -> {
            CompletableFuture<DeliveryResult> copy = deliver(attempt, bearer, true);
            copy.thenAccept(r -> store.recordDuplicate(attempt, r));
            yield primary.thenCombine(copy, (first, second) -> first);
          }
          case SEQUENTIAL ->
              primary.thenCompose(
                  first ->
                      deliver(attempt, bearer, true)
                          .thenApply(
                              second -> {
                                store.recordDuplicate(attempt, second);
                                return first;
                              }));
        };
    whole
        .thenAccept(result -> store.complete(attempt, result))
        .exceptionally(
            e -> {
              LOG.log(System.Logger.Level.ERROR, "Cloud Tasks emulator could not settle an attempt", e);
              return null;
            });
  }

  /** One HTTP exchange; the returned future always completes normally. */
  private CompletableFuture<DeliveryResult> deliver(DispatchAttempt attempt, String bearer, boolean duplicate) {
    java.net.http.HttpRequest request;
    try {
      request = buildRequest(attempt, bearer);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new DeliveryResult(0, DispatchRecord.Outcome.UNREACHABLE, null, clock.instant()));
    }
    CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    attempt.track(exchange);
    return exchange.handle((response, error) -> result(attempt, response, error, duplicate));
  }

  private DeliveryResult result(
      DispatchAttempt attempt, HttpResponse<Void> response, Throwable error, boolean duplicate) {
    Instant now = clock.instant();
    if (response == null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      boolean timedOut = cause instanceof HttpTimeoutException || cause instanceof CancellationException;
      if (!timedOut && !(cause instanceof IOException)) {
        LOG.log(System.Logger.Level.WARNING, "Cloud Tasks emulator delivery failed", cause);
      }
      return new DeliveryResult(
          0, timedOut ? DispatchRecord.Outcome.DEADLINE_EXCEEDED : DispatchRecord.Outcome.UNREACHABLE, null, now);
    }
    int status = response.statusCode();
    if (!duplicate && attempt.faults.dropResponse()) {
      return new DeliveryResult(status, DispatchRecord.Outcome.RESPONSE_DROPPED, null, now);
    }
    DispatchRecord.Outcome outcome =
        status >= 200 && status < 300 ? DispatchRecord.Outcome.SUCCEEDED : DispatchRecord.Outcome.HTTP_ERROR;
    Duration retryAfter = response.headers().firstValue("Retry-After").map(v -> retryAfter(v, now)).orElse(null);
    return new DeliveryResult(status, outcome, retryAfter, now);
  }

  private java.net.http.HttpRequest buildRequest(DispatchAttempt attempt, String bearer) {
    HttpRequest task = attempt.task.request();
    byte[] body = task.getBody().toByteArray();
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create(task.getUrl()))
            .timeout(attempt.task.dispatchDeadline())
            .method(
                task.getHttpMethod().name(),
                body.length == 0
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
    boolean hasContentType = false;
    for (Map.Entry<String, String> header : task.getHeadersMap().entrySet()) {
      String lower = header.getKey().toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(lower)
          || lower.startsWith("x-cloudtasks-")
          || lower.startsWith("x-google-")
          || lower.startsWith("x-appengine-")
          || (bearer != null && lower.equals("authorization"))) {
        continue;
      }
      hasContentType |= lower.equals("content-type");
      try {
        b.header(header.getKey(), header.getValue());
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "Cloud Tasks emulator skipped header " + header.getKey(), e);
      }
    }
    if (body.length > 0 && !hasContentType) {
      b.header("Content-Type", "application/octet-stream");
    }
    b.setHeader("User-Agent", NewTasks.USER_AGENT)
        .setHeader("X-CloudTasks-QueueName", attempt.queue.id)
        .setHeader("X-CloudTasks-TaskName", attempt.task.taskId())
        .setHeader("X-CloudTasks-TaskRetryCount", Integer.toString(attempt.number - 1))
        .setHeader("X-CloudTasks-TaskExecutionCount", Integer.toString(attempt.executionCount))
        .setHeader("X-CloudTasks-TaskETA", eta(attempt.scheduledFor));
    if (attempt.previousResponse != null) {
      b.setHeader("X-CloudTasks-TaskPreviousResponse", attempt.previousResponse.toString());
    }
    if (bearer != null) {
      b.setHeader("Authorization", "Bearer " + bearer);
    }
    return b.build();
  }

  /** Seconds since the epoch with microseconds, e.g. {@code 1767225600.250000}. */
  static String eta(Instant scheduleTime) {
    return scheduleTime.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", scheduleTime.getNano() / 1000);
  }

  /** Retry-After as delay-seconds or an HTTP date; null when it cannot be read. */
  static Duration retryAfter(String value, Instant now) {
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }
}
