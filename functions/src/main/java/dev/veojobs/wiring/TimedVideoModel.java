package dev.veojobs.wiring;

import dev.veojobs.app.OperationState;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.app.VideoModel;
import dev.veojobs.gcp.GenAiVideoModel;
import dev.veojobs.app.StartOutcomeUnknown;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.log.OpsEvent;
import dev.veojobs.log.OpsEventLog;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs one {@code veo.call} event per call to Veo (start or poll): outcome, HTTP status, latency
 * and model; the log-based metrics count starts and 429s from it. Wrapping the port sees every
 * call without the use cases knowing about logs.
 */
final class TimedVideoModel implements VideoModel {
  private static final Pattern MODEL_IN_OPERATION = Pattern.compile("/models/([^/]+)/operations/");

  private final VideoModel delegate;
  private final OpsEventLog events;
  private final Clock clock;

  TimedVideoModel(VideoModel delegate, OpsEventLog events, Clock clock) {
    this.delegate = delegate;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public String start(VideoGenerationRequest request) {
    return timed("start", request.model(), () -> delegate.start(request));
  }

  @Override
  public OperationState poll(String operationName) {
    Matcher model = MODEL_IN_OPERATION.matcher(operationName == null ? "" : operationName);
    return timed("poll", model.find() ? model.group(1) : null, () -> delegate.poll(operationName));
  }

  private <T> T timed(String call, String model, Supplier<T> work) {
    long started = clock.millis();
    try {
      T result = work.get();
      emit(call, model, "ok", null, started);
      return result;
    } catch (RuntimeException e) {
      OptionalInt status = GenAiVideoModel.httpStatus(e);
      String outcome = e instanceof PermanentFailure ? "rejected"
          : e instanceof StartOutcomeUnknown ? "unknown"
          : status.isPresent() && status.getAsInt() == 429 ? "rate_limited" : "retryable";
      emit(call, model, outcome, status.isPresent() ? status.getAsInt() : null, started);
      throw e;
    }
  }

  private void emit(String call, String model, String outcome, Integer httpStatus, long started) {
    events.emit(OpsEvent.VEO_CALL, "call", call, "model", model, "outcome", outcome,
        "http_status", httpStatus, "latency_ms", clock.millis() - started);
  }
}
