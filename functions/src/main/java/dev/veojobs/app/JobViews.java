package dev.veojobs.app;

import dev.veojobs.job.Job;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.StoredVideo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns stored jobs into what the API shows. For each video the stored signed URL is reused while
 * it has more than {@link #REFRESH_MARGIN} to live; otherwise a fresh one is signed and returned
 * without being written back: a read stays a read, and signing is cheaper than a transaction.
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
    if (job.status() != JobStatus.COMPLETED || job.videos().isEmpty()) {
      return new JobView(job, null, null, progress, List.of());
    }
    List<JobView.VideoLink> links = new ArrayList<>();
    for (StoredVideo video : job.videos()) {
      SignedUrl url = usableUrl(video, now);
      links.add(JobView.link(job, url.url(), url.expiresAt()));
    }
    return new JobView(job, links.get(0).url(), links.get(0).expiresAt(), progress, links);
  }

  private SignedUrl usableUrl(StoredVideo video, Instant now) {
    if (usable(video.url(), video.urlExpiresAt(), now.plus(REFRESH_MARGIN))) {
      return new SignedUrl(video.url(), video.urlExpiresAt());
    }
    ObjectNames.Location location = ObjectNames.Location.parse(video.gcsUri());
    try {
      return signer.signGet(location.bucket(), location.objectName(), settings.signedUrlTtl());
    } catch (RetryableFailure e) {
      // A URL that still works for a few minutes beats an error page.
      if (usable(video.url(), video.urlExpiresAt(), now)) {
        return new SignedUrl(video.url(), video.urlExpiresAt());
      }
      throw e;
    }
  }

  private static boolean usable(String url, Instant expiresAt, Instant until) {
    return url != null && !url.startsWith("gs://") && expiresAt != null && expiresAt.isAfter(until);
  }
}
