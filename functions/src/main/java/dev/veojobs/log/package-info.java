/**
 * Structured logging for Cloud Logging: one JSON line per entry, severity, the request's trace, and
 * redaction of tokens and signed URLs. Used by the function classes and the composition root alike,
 * so it depends on nothing else of ours.
 */
package dev.veojobs.log;
