package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it: the stored job plus, for each of its videos, a URL a browser can open
 * right now (a signed https URL, never a gs:// URI; none until the job is COMPLETED), and the
 * progress at the time the view was made. {@code videoUrl} is the first video's, as before samples
 * were kept.
 */
public record JobView(Job job, String videoUrl, Instant videoUrlExpiresAt, int progress, List<VideoLink> videos) {

  /** One sample's video as a caller sees it. */
  public record VideoLink(String url, Instant expiresAt, int width, int height, int durationSeconds) {}

  public JobView {
    videos = videos == null ? List.of() : List.copyOf(videos);
  }

  /** A view of at most one video, its frame and length from the job's request. */
  public JobView(Job job, String videoUrl, Instant videoUrlExpiresAt, int progress) {
    this(job, videoUrl, videoUrlExpiresAt, progress,
        videoUrl == null ? List.of() : List.of(link(job, videoUrl, videoUrlExpiresAt)));
  }

  /** A view whose progress is the stage's fixed value. */
  public JobView(Job job, String videoUrl, Instant videoUrlExpiresAt) {
    this(job, videoUrl, videoUrlExpiresAt, job.progress());
  }

  /**
   * A link to one of {@code job}'s videos: every sample has the request's frame size and the length
   * of the video it makes (for an extension, its source's plus what Veo added).
   */
  static VideoLink link(Job job, String url, Instant expiresAt) {
    var p = job.request().parameters();
    int[] frame = dev.veojobs.job.VeoLimits.frameSize(p.resolution(), p.aspectRatio());
    return new VideoLink(url, expiresAt, frame[0], frame[1], job.request().videoSeconds());
  }
}
