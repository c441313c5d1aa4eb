package dev.veojobs.app;

import java.util.List;

/** One page of a job's events, oldest first; {@code hasMore} when later events exist. */
public record RecordedEventPage(List<RecordedEvent> events, boolean hasMore) {
  public RecordedEventPage {
    events = List.copyOf(events);
  }
}
