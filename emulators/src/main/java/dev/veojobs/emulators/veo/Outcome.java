package dev.veojobs.emulators.veo;

import java.util.List;

/**
 * What a scripted start turns into, as the client will see it. Script one with
 * {@link VeoEmulator#scriptNext(Outcome)} or {@link VeoEmulator#scriptForPromptContaining(String, Outcome)};
 * unscripted starts succeed.
 */
public sealed interface Outcome {
  /** Done after the latency with one video per sample. */
  Outcome SUCCESS = new Success();
  /** Done with raiMediaFilteredCount=1, a support-code reason, and no videos. */
  Outcome SAFETY_FILTERED = new SafetyFiltered(List.of(
      "Veo could not generate videos because the input prompt violates Vertex AI's usage guidelines. "
          + "Try rephrasing the prompt. Support codes: 58061214"));
  /** Done with a response that has neither videos nor a filtered count. */
  Outcome DONE_WITHOUT_VIDEO = new DoneWithoutVideo();
  /** The start succeeds, but fetching the operation answers 404 NOT_FOUND. */
  Outcome NOT_FOUND = new NotFound();

  static Outcome safetyFiltered(String... reasons) {
    return new SafetyFiltered(List.of(reasons));
  }

  /** Done with {@code error: {code, message}}; code is a google.rpc.Code number (e.g. 13 INTERNAL). */
  static Outcome operationError(int code, String message) {
    return new OperationError(code, message);
  }

  /** predictLongRunning itself fails, e.g. {@code startError(503, "UNAVAILABLE", "...")}; no operation. */
  static Outcome startError(int httpStatus, String status, String message) {
    return new StartError(httpStatus, status, message);
  }

  record Success() implements Outcome {}

  record SafetyFiltered(List<String> reasons) implements Outcome {
    public SafetyFiltered {
      reasons = List.copyOf(reasons);
    }
  }

  record OperationError(int code, String message) implements Outcome {}

  record DoneWithoutVideo() implements Outcome {}

  record NotFound() implements Outcome {}

  record StartError(int httpStatus, String status, String message) implements Outcome {
    public StartError {
      if (httpStatus < 400 || httpStatus > 599) {
        throw new IllegalArgumentException("a start error needs a 4xx or 5xx status: " + httpStatus);
      }
    }
  }
}
