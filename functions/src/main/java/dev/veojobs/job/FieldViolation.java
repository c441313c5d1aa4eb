package dev.veojobs.job;

/** One problem with one field of a request, named by its JSON path (e.g. parameters.duration_seconds). */
public record FieldViolation(String field, String reason) {}
