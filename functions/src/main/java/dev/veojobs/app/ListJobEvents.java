package dev.veojobs.app;

import dev.veojobs.job.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/jobs/{id}/events}: a job's history, oldest first (newest last), for its owner only.
 * Storage locations ({@code gs://} URIs) recorded in events are internal and never shown.
 */
public final class ListJobEvents {
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final JobStore store;
  private final JobRecords records;

  public ListJobEvents(JobStore store, JobRecords records) {
    this.store = store;
    this.records = records;
  }

  /** One page; {@code nextPageToken} is null on the last. */
  public record EventPage(List<RecordedEvent> events, String nextPageToken) {}

  /**
   * @param pageSize 0 means the default (50); otherwise 1..100 like {@link ListJobs}
   * @param pageToken null or a token from an earlier page
   * @throws JobNotFoundException when there is no such job or it belongs to someone else (404)
   * @throws InvalidRequestException for a bad page size or a token this API did not issue
   */
  public EventPage list(String ownerUid, String jobId, int pageSize, String pageToken) {
    int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize;
    if (!ListJobs.isPageSize(size)) {
      throw new InvalidRequestException("page_size", ListJobs.PAGE_SIZE_RULE);
    }
    long after = afterSeq(pageToken);
    store.find(jobId).filter(job -> job.ownerUid().equals(ownerUid))
        .orElseThrow(() -> new JobNotFoundException(jobId));
    RecordedEventPage page = records.events(jobId, after, size);
    List<RecordedEvent> shown = page.events().stream().map(ListJobEvents::withoutStorageLocations).toList();
    String next = page.hasMore() && !shown.isEmpty() ? Long.toString(shown.get(shown.size() - 1).seq()) : null;
    return new EventPage(shown, next);
  }

  /** The token is the last seq a page showed: plain digits, nothing else. */
  private static long afterSeq(String pageToken) {
    if (pageToken == null || pageToken.isEmpty()) {
      return 0;
    }
    if (pageToken.length() > 18 || !pageToken.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidRequestException("page_token", "is not a token this API issued");
    }
    return Long.parseLong(pageToken);
  }

  private static RecordedEvent withoutStorageLocations(RecordedEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (event.data() != null) {
      event.data().forEach((key, value) -> {
        if (!(value instanceof String text && text.startsWith("gs://"))) {
          data.put(key, value);
        }
      });
    }
    return new RecordedEvent(event.seq(), event.type(), event.at(), data);
  }
}
