package dev.veojobs.job;

/** Codes a failed job carries; the API and events expose them verbatim. */
public enum ErrorCode {
  /** Veo's safety filter removed every video (raiMediaFilteredCount > 0). */
  SAFETY_FILTERED,
  /** The Veo operation finished without any video and without a filter count. */
  NO_VIDEO,
  /** The Veo operation finished with an error status. */
  GENERATION_FAILED,
  /** Veo rejected the request as invalid. */
  INVALID_ARGUMENT,
  /** The Veo operation can no longer be found. */
  OPERATION_NOT_FOUND,
  /** The job did not finish before its overall deadline. */
  DEADLINE_EXCEEDED,
  /** Copying or signing the video failed permanently. */
  FINALIZE_FAILED
}
