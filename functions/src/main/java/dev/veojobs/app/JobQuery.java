package dev.veojobs.app;

import dev.veojobs.job.JobStatus;

/** The caller's jobs, newest first; nodeId and status are optional filters (null = any). */
public record JobQuery(String ownerUid, String nodeId, JobStatus status, int pageSize, String pageToken) {}
