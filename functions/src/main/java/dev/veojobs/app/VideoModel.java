package dev.veojobs.app;

/** Port: Veo's long-running video generation. */
public interface VideoModel {

  /**
   * Starts a generation and returns the operation name. This is the costly call.
   *
   * @throws dev.veojobs.job.RetryableFailure on 429, 5xx, timeouts
   * @throws dev.veojobs.job.PermanentFailure when Veo rejects the request
   */
  String start(VideoGenerationRequest request);

  /**
   * Looks at an operation by name (it may have been started by another instance).
   *
   * @throws dev.veojobs.job.RetryableFailure on 429, 5xx, timeouts
   */
  OperationState poll(String operationName);
}
