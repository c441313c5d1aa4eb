package dev.veojobs.http;

import dev.veojobs.app.JobView;
import dev.veojobs.app.JobViewPage;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.VideoParameters;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Maps jobs to the API's JSON. */
public final class JobJson {
  private JobJson() {}

  /** The job with the URL the use case signed for this response. */
  public static byte[] write(JobView view) {
    return ApiJson.write(resource(view));
  }

  public static byte[] write(JobViewPage page) {
    return ApiJson.write(resource(page));
  }

  static JobListResource resource(JobViewPage page) {
    return new JobListResource(page.jobs().stream().map(JobJson::resource).toList(), page.nextPageToken());
  }

  static JobResource resource(JobView view) {
    return resource(view.job(), view.videoUrl(), view.videoUrlExpiresAt(), view.progress(), view.videos());
  }

  /** A job straight from the store (create and replay): the URLs it carries, if any. */
  static JobResource resource(Job job) {
    return resource(new JobView(job, job.videoUrl(), job.videoUrlExpiresAt(), job.progress()));
  }

  private static JobResource resource(Job job, String videoUrl, Instant videoUrlExpiresAt, int progress,
      List<JobView.VideoLink> links) {
    JobRequest request = job.request();
    // Browsers can only fetch http(s); a gs:// URI here would be a bug upstream, so it is dropped.
    String browserUrl = isBrowserUrl(videoUrl) ? videoUrl : null;
    List<JobResource.Video> videos = links.stream().filter(v -> isBrowserUrl(v.url()))
        .map(v -> new JobResource.Video(v.url(), timestamp(v.expiresAt()), v.width(), v.height(), v.durationSeconds()))
        .toList();
    return new JobResource(
        job.id(),
        job.status().name(),
        job.stage().name(),
        progress,
        request == null ? null : request.model(),
        request == null ? null : request.prompt(),
        request == null ? null : parameters(request.parameters()),
        request == null ? null : request.nodeId(),
        request == null ? null : request.projectId(),
        browserUrl,
        browserUrl == null ? null : timestamp(videoUrlExpiresAt),
        videos,
        error(job.error()),
        job.attempt(),
        timestamp(job.createdAt()),
        timestamp(job.updatedAt()),
        timestamp(job.startedAt()),
        timestamp(job.completedAt()),
        request == null ? null : request.sourceJobId());
  }

  private static JobResource.Parameters parameters(VideoParameters p) {
    if (p == null) {
      return null;
    }
    return new JobResource.Parameters(p.durationSeconds(), p.aspectRatio(), p.resolution(), p.sampleCount(),
        p.seed(), p.generateAudio(), p.personGeneration(), p.enhancePrompt());
  }

  private static JobResource.Error error(JobError error) {
    return error == null ? null : new JobResource.Error(error.code().name(), error.message());
  }

  /** RFC 3339 in UTC ({@link Instant#toString} is ISO-8601 with a Z, which RFC 3339 accepts). */
  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static boolean isBrowserUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
