package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns stored jobs into what the API shows. The stored signed URL is reused while it has more
 * than {@link #REFRESH_MARGIN} to live; otherwise a fresh one is signed and returned without being
 * written back: a read stays a read, and signing is cheaper than a transaction.
 */
final class JobViews {
  /** A URL handed out must stay usable for at least this long (a video may be long, a tab left open). */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(10);

  private final UrlSigner signer;
  private final PipelineSettings settings;
  private final Clock clock;

  JobViews(UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.signer = signer;
    this.settings = settings;
    this.clock = clock;
  }

  JobView view(Job job) {
    Instant now = clock.instant();
    int progress = job.progress(now);
    if (job.status() != JobStatus.COMPLETED || job.videoGcsUri() == null) {
      return new JobView(job, null, null, progress);
    }
    if (usable(job.videoUrl(), job.videoUrlExpiresAt(), now.plus(REFRESH_MARGIN))) {
      return new JobView(job, job.videoUrl(), job.videoUrlExpiresAt(), progress);
    }
    ObjectNames.Location location = ObjectNames.Location.parse(job.videoGcsUri());
    try {
      SignedUrl fresh = signer.signGet(location.bucket(), location.objectName(), settings.signedUrlTtl());
      return new JobView(job, fresh.url(), fresh.expiresAt(), progress);
    } catch (RetryableFailure e) {
      // A URL that still works for a few minutes beats an error page.
      if (usable(job.videoUrl(), job.videoUrlExpiresAt(), now)) {
        return new JobView(job, job.videoUrl(), job.videoUrlExpiresAt(), progress);
      }
      throw e;
    }
  }

  private static boolean usable(String url, Instant expiresAt, Instant until) {
    return url != null && !url.startsWith("gs://") && expiresAt != null && expiresAt.isAfter(until);
  }
}
