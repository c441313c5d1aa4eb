package dev.veojobs.job;

/** What the browser sees. The names are the ones existing frontends already use. */
public enum JobStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED;
  }
}
