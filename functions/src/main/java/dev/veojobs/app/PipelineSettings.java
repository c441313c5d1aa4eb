package dev.veojobs.app;

import java.time.Duration;

/**
 * The knobs of the pipeline, read once from the environment by the config package.
 *
 * @param videoBucket where Veo writes ({@code veo-output/{id}/{attempt}/}) and final videos live
 *     ({@code videos/{owner}/{id}.mp4})
 * @param jobDeadline a job not done by {@code created_at + jobDeadline} fails DEADLINE_EXCEEDED
 * @param pollFirstDelay delay before the first poll; then {@code pollInterval}, growing to
 *     {@code pollMaxInterval}
 * @param startLease how long a claimed start blocks re-driving it (guards the one costly call)
 * @param sweepStallAfter a live job not updated for this long is re-driven by the sweeper
 * @param signedUrlTtl lifetime of video URLs handed to browsers (at most 7 days)
 * @param adaptivePolling polls centred on the request's expected generation time (see PollSchedule)
 *     instead of the fixed growing schedule
 */
public record PipelineSettings(
    String videoBucket,
    Duration jobDeadline,
    Duration pollFirstDelay,
    Duration pollInterval,
    Duration pollMaxInterval,
    Duration startLease,
    Duration sweepStallAfter,
    Duration signedUrlTtl,
    AdmissionLimits admissionLimits,
    boolean adaptivePolling) {}
