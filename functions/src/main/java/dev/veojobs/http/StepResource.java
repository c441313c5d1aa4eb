package dev.veojobs.http;

/** The answer of a task step that needs no retry: {@code {"outcome":"DONE","detail":"…"}}. */
record StepResource(String outcome, String detail) {}
