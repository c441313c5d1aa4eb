package dev.veojobs.app;

import java.util.List;

/**
 * A Veo operation as the poll step sees it. Every variant but {@link Running} is final: a finished
 * operation is never answered by starting Veo again.
 */
public sealed interface OperationState {
  record Running() implements OperationState {}

  record Succeeded(List<GeneratedVideo> videos) implements OperationState {
    public Succeeded {
      if (videos == null || videos.isEmpty()) {
        throw new IllegalArgumentException("a success has at least one video; use NoVideo");
      }
      videos = List.copyOf(videos);
    }
  }

  /** Veo's safety filter removed the videos. */
  record SafetyFiltered(int filteredCount, List<String> reasons) implements OperationState {}

  /** Done, but neither videos nor a filter count: still terminal. */
  record NoVideo() implements OperationState {}

  /** Done with an error status. */
  record Failed(int code, String message) implements OperationState {}

  /** Veo no longer knows the operation. */
  record NotFound() implements OperationState {}
}
