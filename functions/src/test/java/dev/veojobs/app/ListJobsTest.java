package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.OTHER_OWNER;
import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListJobsTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final UrlSigner signer = mock(UrlSigner.class);
  private final ListJobs list = new ListJobs(store, signer, Fixtures.settings(), clock);
  private final LatestNodeJob latest = new LatestNodeJob(store, signer, Fixtures.settings(), clock);

  private Job job(String id, String owner, String node, int minutesAfterT0) {
    JobRequest r = TestJobs.request();
    JobRequest request = new JobRequest(r.prompt(), null, r.model(), null, r.parameters(), node, null, null);
    return TestJobs.job(id).owner(owner).request(request).createdAt(T0.plus(Duration.ofMinutes(minutesAfterT0)))
        .deadlineAt(T0.plus(Duration.ofHours(1))).fingerprint("fp").queued();
  }

  @Test
  void listsTheCallersJobsNewestFirstInPages() {
    for (int i = 1; i <= 25; i++) {
      store.put(job("job" + i, OWNER, "node-a", i));
    }
    store.put(job("theirs", OTHER_OWNER, "node-a", 30));

    JobViewPage first = list.list(new JobQuery(OWNER, null, null, 0, null));
    JobViewPage second = list.list(new JobQuery(OWNER, null, null, 0, first.nextPageToken()));

    assertThat(first.jobs()).hasSize(ListJobs.DEFAULT_PAGE_SIZE);
    assertThat(first.jobs().get(0).job().id()).isEqualTo("job25");
    assertThat(first.nextPageToken()).isNotNull();
    assertThat(second.jobs()).extracting(v -> v.job().id()).containsExactly("job5", "job4", "job3", "job2", "job1");
    assertThat(second.nextPageToken()).isNull();
  }

  @Test
  void filtersByNodeAndStatus() {
    store.put(job("a", OWNER, "node-a", 1));
    store.put(job("b", OWNER, "node-b", 2));
    store.put(job("c", OWNER, "node-a", 3).cancel(T0.plusSeconds(500)));

    assertThat(list.list(new JobQuery(OWNER, "node-a", null, 10, null)).jobs()).extracting(v -> v.job().id())
        .containsExactly("c", "a");
    assertThat(list.list(new JobQuery(OWNER, null, JobStatus.CANCELED, 10, null)).jobs())
        .extracting(v -> v.job().id()).containsExactly("c");
  }

  @Test
  void pageSizeIsBounded() {
    assertThat(list.list(new JobQuery(OWNER, null, null, 100, null)).jobs()).isEmpty();
    for (int bad : new int[] {-1, 101}) {
      assertThatThrownBy(() -> list.list(new JobQuery(OWNER, null, null, bad, null)))
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertThat(((InvalidRequestException) e).violations())
              .containsExactly(new FieldViolation("page_size", "must be a whole number from 1 to 100")));
    }
  }

  @Test
  void theLatestJobOfANodeIsTheNewestOfTheCallers() {
    store.put(job("old", OWNER, "node-a", 1));
    store.put(job("new", OWNER, "node-a", 2));
    store.put(job("theirs", OTHER_OWNER, "node-a", 3));

    assertThat(latest.latest(OWNER, "node-a").job().id()).isEqualTo("new");
    assertThatThrownBy(() -> latest.latest(OWNER, "node-z")).isInstanceOf(JobNotFoundException.class);
  }
  @Test
  void aPageHoldsOneToAHundredJobs() {
    assertThat(ListJobs.isPageSize(0)).isFalse();
    assertThat(ListJobs.isPageSize(1)).isTrue();
    assertThat(ListJobs.isPageSize(ListJobs.MAX_PAGE_SIZE)).isTrue();
    assertThat(ListJobs.isPageSize(ListJobs.MAX_PAGE_SIZE + 1)).isFalse();
  }
  /** Defensive: even a store that answered with another owner's job never shows it to the caller. */
  @Test
  void theLatestJobOfANodeIsNeverSomeoneElses() {
    JobStore leaky = org.mockito.Mockito.mock(JobStore.class);
    org.mockito.Mockito.when(leaky.latestForNode(OWNER, "node-a"))
        .thenReturn(java.util.Optional.of(dev.veojobs.job.TestJobs.job("theirs").owner("uid-bob").node("node-a").queued()));

    assertThatThrownBy(() -> new LatestNodeJob(leaky, signer, Fixtures.settings(), clock).latest(OWNER, "node-a"))
        .isInstanceOf(JobNotFoundException.class);
  }
}
