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
  /** What a {@code page_size} violation says; the HTTP layer checks the parameter with {@link #isPageSize}. */
  public static final String PAGE_SIZE_RULE = "must be a whole number from 1 to " + MAX_PAGE_SIZE;

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
    if (!isPageSize(size)) {
      throw new InvalidRequestException("page_size", PAGE_SIZE_RULE);
    }
    JobPage page = store.list(new JobQuery(query.ownerUid(), query.nodeId(), query.status(), size, query.pageToken()));
    return new JobViewPage(page.jobs().stream().map(views::view).toList(), page.nextPageToken());
  }

  /** The one page-size rule of job lists; stores trust the size they are given. */
  public static boolean isPageSize(int size) {
    return size >= 1 && size <= MAX_PAGE_SIZE;
  }
}
