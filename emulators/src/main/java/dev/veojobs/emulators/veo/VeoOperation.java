package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One started generation. It runs until {@code doneAt} on the emulator clock; the first fetch or
 * {@link CompletionWatcher} pass at or after that moment produces the result (writing the videos to the
 * sink) and every later fetch returns the same result, so a video is written exactly once however often
 * it is polled, and also when nobody polls.
 */
final class VeoOperation {
  private final String name;
  private final String id;
  private final GenerationRequest request;
  private final Instant doneAt;
  private final Outcome outcome;
  private ObjectNode finished;
  private boolean dropped;

  VeoOperation(String name, String id, GenerationRequest request, Instant doneAt, Outcome outcome) {
    this.name = name;
    this.id = id;
    this.request = request;
    this.doneAt = doneAt;
    this.outcome = outcome;
  }

  String name() {
    return name;
  }

  String id() {
    return id;
  }

  GenerationRequest request() {
    return request;
  }

  Outcome outcome() {
    return outcome;
  }

  Instant doneAt() {
    return doneAt;
  }

  /** Whether the watcher still has to finish it: not finished, not forgotten, and an outcome that ends. */
  synchronized boolean pending() {
    return finished == null && !dropped && !(outcome instanceof Outcome.NotFound);
  }

  /** After a reset: the operation never finishes, so a test's sink sees nothing from an earlier test. */
  synchronized void drop() {
    dropped = true;
  }

  /** Produces the result if the operation is due; called by the watcher, which nobody answers. */
  synchronized void finishIfDue(Instant now, OperationFinisher finisher) {
    if (pending() && !now.isBefore(doneAt)) {
      finished = finisher.finish(this);
    }
  }

  /** The operation as fetchPredictOperation returns it at {@code now}. */
  synchronized ObjectNode view(Instant now, OperationFinisher finisher) {
    if (now.isBefore(doneAt)) {
      // Production leaves "done" out while running (proto3 JSON omits false).
      ObjectNode running = JsonNodeFactory.instance.objectNode();
      running.put("name", name);
      return running;
    }
    if (finished == null) {
      finished = finisher.finish(this);
    }
    return finished.deepCopy();
  }
}
