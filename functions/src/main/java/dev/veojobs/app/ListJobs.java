package dev.veojobs.app;

import dev.veojobs.job.InvalidRequestException;
import java.time.Clock;

/**
 * The caller's jobs, newest first, optionally by node and status. A page is bounded so one request
 * cannot read (or re-sign URLs for) an unbounded number of jobs.
 */
public final class ListJobs {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  private final JobStore store;
  private final JobViews views;

  public ListJobs(JobStore store, UrlSigner signer, PipelineSettings settings, Clock clock) {
    this.store = store;
    this.views = new JobViews(signer, settings, clock);
  }

  /**
   * @param query page size 0 means the default (20)
   * @throws InvalidRequestException for a page size outside 1..100 (field {@code page_size})
   */
  public JobViewPage list(JobQuery query) {
    if (query.ownerUid() == null || query.ownerUid().isBlank()) {
      throw new IllegalArgumentException("an authenticated owner is required");
    }
    int size = query.pageSize() == 0 ? DEFAULT_PAGE_SIZE : query.pageSize();
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    JobPage page = store.list(new JobQuery(query.ownerUid(), query.nodeId(), query.status(), size, query.pageToken()));
    return new JobViewPage(page.jobs().stream().map(views::view).toList(), page.nextPageToken());
  }
}
