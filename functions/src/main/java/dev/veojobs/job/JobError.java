package dev.veojobs.job;

/** Why a job failed: a stable machine code and a message safe to show a user. */
public record JobError(ErrorCode code, String message) {
  public JobError {
    if (code == null || message == null || message.isBlank()) {
      throw new IllegalArgumentException("a job error needs a code and a message");
    }
  }
}
