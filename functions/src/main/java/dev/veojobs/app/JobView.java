package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;

/** Stand-in (replaced on merge): a job as its owner sees it, with a fresh signed URL. */
public record JobView(Job job, String videoUrl, Instant videoUrlExpiresAt) {}
