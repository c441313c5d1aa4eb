package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;

/**
 * A job as the API shows it: the stored job plus a video URL a browser can open right now
 * (a signed https URL, never a gs:// URI; null until the job is COMPLETED) and the progress at
 * the time the view was made.
 */
public record JobView(Job job, String videoUrl, Instant videoUrlExpiresAt, int progress) {

  /** A view whose progress is the stage's fixed value. */
  public JobView(Job job, String videoUrl, Instant videoUrlExpiresAt) {
    this(job, videoUrl, videoUrlExpiresAt, job.progress());
  }
}
