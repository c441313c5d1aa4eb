package dev.veojobs.chaos;

import dev.veojobs.emulators.stack.JobsApiClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A well-behaved client of the jobs-api, as the web page is meant to be: every create carries an
 * Idempotency-Key, and a 429 or 5xx (or no answer) is retried with the same key after the answer's
 * Retry-After, on the virtual clock (the driver runs the retry when that time comes). Every call and
 * its answer goes into the {@link History}.
 */
final class ChaosClient {
  /** Gives up on a create after this many tries (the burst's 429s need a few dozen at most). */
  static final int MAX_CREATE_TRIES = 60;
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** When the driver should run a later call. */
  interface Agenda {
    void at(Instant when, Runnable call);
  }

  private final ChaosStack stack;
  private final History history;
  private final Agenda agenda;
  private final Map<String, JobsApiClient> clients = new ConcurrentHashMap<>();

  ChaosClient(ChaosStack stack, History history, Agenda agenda) {
    this.stack = stack;
    this.history = history;
    this.agenda = agenda;
  }

  void create(Scenario.PlannedJob job, int attempt) {
    JobsApiClient.Response response = send(job.uid(), "POST", "/v1/jobs",
        api -> api.createJob(job.body(), job.idempotencyKey()));
    int status = response == null ? 0 : response.status();
    if (status == 202 || status == 200) {
      String jobId = response.body().path("id").asText();
      history.accepted(jobId, job.uid());
      if (job.cancelAfter() != null) {
        agenda.at(now().plus(job.cancelAfter()), () -> cancel(job.uid(), jobId));
      }
    } else if ((status == 0 || status == 429 || status >= 500) && attempt < MAX_CREATE_TRIES) {
      agenda.at(now().plus(retryAfter(response)), () -> create(job, attempt + 1));
    } else {
      history.refused(job.uid() + " " + job.idempotencyKey(), "create refused for good after " + attempt
          + " tries: last answer " + status + (response == null ? "" : " " + response.text()));
    }
  }

  void cancel(String uid, String jobId) {
    send(uid, "POST", "/v1/jobs/" + jobId + ":cancel", api -> api.cancelJob(jobId));
  }

  private JobsApiClient.Response send(String uid, String method, String path,
      java.util.function.Function<JobsApiClient, JobsApiClient.Response> call) {
    Instant at = now();
    JobsApiClient.Response response;
    try {
      response = call.apply(clients.computeIfAbsent(uid, stack::api));
    } catch (UncheckedIOException e) {
      response = null;
    }
    String jobId = path.startsWith("/v1/jobs/")
        ? path.substring("/v1/jobs/".length(), path.indexOf(':') < 0 ? path.length() : path.indexOf(':'))
        : response != null && response.ok() ? response.body().path("id").asText(null) : null;
    history.call(at, uid, method, path, response == null ? 0 : response.status(), jobId,
        response == null ? null : response.header("Retry-After"));
    return response;
  }

  private static Duration retryAfter(JobsApiClient.Response response) {
    String header = response == null ? null : response.header("Retry-After");
    try {
      return header == null ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }

  private Instant now() {
    return stack.clock().instant();
  }
}
