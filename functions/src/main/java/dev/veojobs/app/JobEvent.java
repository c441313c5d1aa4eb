package dev.veojobs.app;

import java.util.Map;

/**
 * An append-only entry in {@code jobs/{id}/events}. {@code type} is one of job.created,
 * job.started, job.completed, job.failed, job.canceled; the store stamps {@code at} with the
 * server time. A failure event's data carries code, message, stage, attempts and failed_at.
 */
public record JobEvent(String type, Map<String, Object> data) {}
