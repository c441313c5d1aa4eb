package dev.veojobs.app;

import java.util.List;

/** One page of the caller's jobs, newest first; {@code nextPageToken} is null on the last page. */
public record JobViewPage(List<JobView> jobs, String nextPageToken) {
  public JobViewPage {
    jobs = List.copyOf(jobs);
  }
}
