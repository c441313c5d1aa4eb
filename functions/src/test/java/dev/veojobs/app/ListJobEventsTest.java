package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OTHER_OWNER;
import static dev.veojobs.app.Fixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.TestJobs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListJobEventsTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final ListJobEvents events = new ListJobEvents(store, new InMemoryJobRecords(store));

  @BeforeEach
  void aJobWithThreeEvents() {
    store.put(TestJobs.job("job1").queued());
    for (JobEvent e : List.of(
        new JobEvent("job.started", Map.of("attempt", 1)),
        new JobEvent("job.orphan_adopted", Map.of("attempt", 1, "raw_video_uri", "gs://b/veo-output/job1/1/s.mp4")),
        new JobEvent("job.completed", Map.of("video_gcs_uri", "gs://b/videos/u/job1.mp4", "attempts", 1)))) {
      store.update("job1", job -> Decision.write(job, e, null));
    }
  }

  @Test
  void pagesGoOldestFirstAndTheLastHasNoToken() {
    ListJobEvents.EventPage first = events.list(OWNER, "job1", 2, null);
    ListJobEvents.EventPage second = events.list(OWNER, "job1", 2, first.nextPageToken());

    assertThat(first.events()).extracting(RecordedEvent::type).containsExactly("job.started", "job.orphan_adopted");
    assertThat(second.events()).extracting(RecordedEvent::type).containsExactly("job.completed");
    assertThat(second.nextPageToken()).isNull();
  }

  @Test
  void storageLocationsAreNeverShown() {
    List<RecordedEvent> all = events.list(OWNER, "job1", 0, null).events();

    assertThat(all).allSatisfy(e -> assertThat(e.data().values()).noneMatch(v -> String.valueOf(v).startsWith("gs://")));
    assertThat(all.get(2).data()).containsEntry("attempts", 1);
  }

  @Test
  void someoneElsesOrAMissingJobIsNotFound() {
    assertThatThrownBy(() -> events.list(OTHER_OWNER, "job1", 0, null)).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> events.list(OWNER, "nope", 0, null)).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void aTokenThisApiDidNotIssueOrABadSizeIsRefused() {
    assertThatThrownBy(() -> events.list(OWNER, "job1", 0, "abc")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> events.list(OWNER, "job1", 101, null)).isInstanceOf(InvalidRequestException.class);
  }
}
