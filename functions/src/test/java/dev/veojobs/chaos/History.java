package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veojobs.emulators.tasks.DispatchRecord;
import dev.veojobs.emulators.veo.StartRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened in one trial, in the order it happened, with times in virtual milliseconds since
 * the trial began: every call the client made, every task delivery (the Cloud Tasks emulator's
 * dispatch log), every Veo start the fake Veo accepted (attributed to its job by the output prefix
 * {@code veo-output/{jobId}/{attempt}/} the worker asked for) and every webhook the receiver got.
 */
final class History {
  private static final Pattern OUTPUT_PREFIX = Pattern.compile("/veo-output/([A-Za-z0-9]+)/(\\d+)/");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code jobId} is the job the call created or named; {@code status} 0 when no answer came. */
  record ClientCall(long atMs, String uid, String method, String path, int status, String jobId, String retryAfter) {}

  record Delivery(long atMs, String taskId, String jobId, int attempt, boolean duplicate, int status, String outcome) {}

  /** {@code jobId} null when the start named no output prefix of ours. */
  record VeoStart(long atMs, String jobId, int attempt, String operationName) {}

  record WebhookReceipt(long atMs, String webhookId, String type, String jobId, boolean signed) {}

  private final Instant start;
  private final List<ClientCall> calls = new ArrayList<>();
  private final Map<String, String> acceptedOwners = new LinkedHashMap<>();
  private final Map<String, String> endStates = new LinkedHashMap<>();
  private final Map<String, String> refusals = new LinkedHashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<VeoStart> veoStarts = new ArrayList<>();
  private final List<WebhookReceipt> webhooks = new ArrayList<>();
  private boolean deliveryLogFull;

  History(Instant start) {
    this.start = start;
  }

  Instant start() {
    return start;
  }

  long at(Instant instant) {
    return Duration.between(start, instant).toMillis();
  }

  synchronized void call(Instant at, String uid, String method, String path, int status, String jobId,
      String retryAfter) {
    calls.add(new ClientCall(at(at), uid, method, path, status, jobId, retryAfter));
  }

  /** A create answered 202, or 200 for a replayed Idempotency-Key: the client holds this job. */
  synchronized void accepted(String jobId, String uid) {
    acceptedOwners.putIfAbsent(jobId, uid);
  }

  /** A job the client asked for and never got, and why. */
  synchronized void refused(String request, String why) {
    refusals.put(request, why);
  }

  synchronized Map<String, String> refusals() {
    return new LinkedHashMap<>(refusals);
  }

  synchronized Set<String> acceptedJobs() {
    return new LinkedHashSet<>(acceptedOwners.keySet());
  }

  synchronized List<ClientCall> calls() {
    return List.copyOf(calls);
  }

  /** Takes the emulators' logs at the end of the trial. */
  synchronized void collect(List<DispatchRecord> dispatches, List<StartRecord> starts,
      List<WebhookReceiver.Receipt> receipts, int dispatchLogCapacity) {
    deliveryLogFull = dispatches.size() >= dispatchLogCapacity;
    for (DispatchRecord d : dispatches) {
      deliveries.add(new Delivery(at(d.dispatchedAt()), d.taskId(), jobOfTask(d.taskId()), d.attempt(),
          d.duplicate(), d.responseStatus(), d.outcome().name()));
    }
    for (StartRecord s : starts) {
      Matcher m = OUTPUT_PREFIX.matcher(s.parametersJson());
      boolean ours = m.find();
      veoStarts.add(new VeoStart(at(s.startedAt()), ours ? m.group(1) : null,
          ours ? Integer.parseInt(m.group(2)) : 0, s.operationName()));
    }
    for (WebhookReceiver.Receipt r : receipts) {
      webhooks.add(new WebhookReceipt(at(r.at()), r.webhookId(), r.type(), r.jobId(), r.signed()));
    }
  }

  /** How a job stood when the trial ended (status, error code, prompt), for whoever reads the history. */
  synchronized void endState(String jobId, String state) {
    endStates.put(jobId, state);
  }

  /** Task ids are {@code {jobId}-{step…}} and job ids have no '-'. */
  static String jobOfTask(String taskId) {
    int dash = taskId.indexOf('-');
    return dash < 0 ? taskId : taskId.substring(0, dash);
  }

  synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized List<VeoStart> veoStarts() {
    return List.copyOf(veoStarts);
  }

  synchronized List<WebhookReceipt> webhooks() {
    return List.copyOf(webhooks);
  }

  /** True when the dispatch log reached the emulator's cap, so the oldest deliveries are missing. */
  synchronized boolean deliveryLogFull() {
    return deliveryLogFull;
  }

  synchronized void write(Path file) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("started_at", start.toString());
    all.put("accepted_jobs", acceptedOwners);
    all.put("jobs_at_end", endStates);
    all.put("refused_creates", refusals);
    all.put("client_calls", calls);
    all.put("task_deliveries", deliveries);
    all.put("veo_starts", veoStarts);
    all.put("webhooks", webhooks);
    try {
      Files.createDirectories(file.getParent());
      JSON.writeValue(file.toFile(), all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
