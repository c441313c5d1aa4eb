package dev.veojobs.http;

import dev.veojobs.app.ListJobEvents;
import dev.veojobs.app.RecordedEvent;
import java.util.List;
import java.util.Map;

/** {@code {"events":[{"seq":1,"type":"job.created","at":"…","data":{…}}],"next_page_token":"…"|null}}. */
final class EventJson {
  private EventJson() {}

  record EventResource(long seq, String type, String at, Map<String, Object> data) {}

  record EventListResource(List<EventResource> events, String nextPageToken) {}

  static EventListResource resource(ListJobEvents.EventPage page) {
    return new EventListResource(page.events().stream().map(EventJson::resource).toList(), page.nextPageToken());
  }

  private static EventResource resource(RecordedEvent event) {
    return new EventResource(event.seq(), event.type(), event.at() == null ? null : event.at().toString(),
        event.data() == null ? Map.of() : event.data());
  }
}
