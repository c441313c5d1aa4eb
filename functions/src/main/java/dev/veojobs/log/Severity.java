package dev.veojobs.log;

/** Cloud Logging's LogSeverity names, the ones this project uses. */
public enum Severity {
  DEBUG,
  INFO,
  NOTICE,
  WARNING,
  ERROR,
  CRITICAL
}
