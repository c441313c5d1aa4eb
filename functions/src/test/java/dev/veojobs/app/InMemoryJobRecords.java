package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link JobRecords} over an {@link InMemoryJobStore}: events are the store's, numbered from 1 in
 * the order written; deletions are remembered by id. {@link #failNextPurges} makes a purge crash
 * before it removes anything.
 */
public final class InMemoryJobRecords implements JobRecords {
  private final InMemoryJobStore store;
  private final Map<String, String> deletedOwners = new HashMap<>();
  private int failingPurges;

  public InMemoryJobRecords(InMemoryJobStore store) {
    this.store = store;
  }

  public synchronized void failNextPurges(int n) {
    failingPurges = n;
  }

  @Override
  public synchronized RecordedEventPage events(String jobId, long afterSeq, int pageSize) {
    List<JobEvent> all = store.events(jobId);
    List<RecordedEvent> page = new ArrayList<>();
    for (int i = (int) afterSeq; i < all.size() && page.size() < pageSize; i++) {
      page.add(new RecordedEvent(i + 1, all.get(i).type(), null, all.get(i).data()));
    }
    long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
    return new RecordedEventPage(page, last < all.size());
  }

  @Override
  public synchronized void markDeleted(Job job, Instant at) {
    deletedOwners.put(job.id(), job.ownerUid());
  }

  @Override
  public synchronized Optional<String> deletedJobOwner(String jobId) {
    return Optional.ofNullable(deletedOwners.get(jobId));
  }

  @Override
  public synchronized void purge(Job job) {
    if (failingPurges > 0) {
      failingPurges--;
      throw new dev.veojobs.job.RetryableFailure("injected: crash before the purge");
    }
    store.remove(job.id());
  }
}
