package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OTHER_OWNER;
import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.Job;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GetJobTest {
  private static final String OBJECT = "videos/" + OWNER + "/job1.mp4";
  private static final String FINAL = "gs://" + BUCKET + "/" + OBJECT;

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final UrlSigner signer = mock(UrlSigner.class);
  private final GetJob get = new GetJob(store, signer, Fixtures.settings(), clock);

  private static Job generating() {
    return TestJobs.job("job1").generating();
  }

  private static Job completed(String url, Instant expiresAt) {
    return TestJobs.job("job1").at(T0.plusSeconds(61)).videoUrl(url, expiresAt).completed();
  }

  @Test
  void theOwnerSeesALiveJobWithProgressAndNoUrl() {
    store.put(generating());
    clock.advance(Duration.ofSeconds(30));

    JobView view = get.get(OWNER, "job1");

    assertThat(view.job()).isEqualTo(generating());
    assertThat(view.videoUrl()).isNull();
    assertThat(view.videoUrlExpiresAt()).isNull();
    assertThat(view.progress()).isBetween(16, 84);
    verifyNoInteractions(signer);
  }

  @Test
  void anotherOwnerOrAMissingIdIsNotFound() {
    store.put(generating());
    assertThatThrownBy(() -> get.get(OTHER_OWNER, "job1")).isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> get.get(OWNER, "nope")).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void aStoredUrlWithTimeLeftIsReturnedAsIs() {
    store.put(completed("https://signed/1", T0.plus(Duration.ofHours(1))));
    clock.advance(Duration.ofMinutes(30));

    JobView view = get.get(OWNER, "job1");

    assertThat(view.videoUrl()).isEqualTo("https://signed/1");
    assertThat(view.progress()).isEqualTo(100);
    verifyNoInteractions(signer);
  }

  @Test
  void aUrlAboutToExpireIsSignedAfreshWithoutAWrite() {
    store.put(completed("https://signed/1", T0.plus(Duration.ofHours(1))));
    clock.advance(Duration.ofMinutes(55));
    Instant freshExpiry = clock.instant().plus(Duration.ofHours(1));
    when(signer.signGet(BUCKET, OBJECT, Duration.ofHours(1))).thenReturn(new SignedUrl("https://signed/2", freshExpiry));
    int writes = store.jobWrites();

    JobView view = get.get(OWNER, "job1");

    assertThat(view.videoUrl()).isEqualTo("https://signed/2");
    assertThat(view.videoUrlExpiresAt()).isEqualTo(freshExpiry);
    assertThat(store.jobWrites()).isEqualTo(writes);
  }

  @Test
  void aMissingOrGsUrlIsNeverHandedOut() {
    when(signer.signGet(BUCKET, OBJECT, Duration.ofHours(1)))
        .thenReturn(new SignedUrl("https://signed/3", T0.plus(Duration.ofHours(1))));

    store.put(completed(null, null));
    assertThat(get.get(OWNER, "job1").videoUrl()).isEqualTo("https://signed/3");

    store.put(completed(FINAL, T0.plus(Duration.ofDays(1))));
    assertThat(get.get(OWNER, "job1").videoUrl()).isEqualTo("https://signed/3");
  }

  @Test
  void whenSigningIsDownAStillValidUrlIsBetterThanAnError() {
    store.put(completed("https://signed/1", T0.plus(Duration.ofHours(1))));
    when(signer.signGet(BUCKET, OBJECT, Duration.ofHours(1))).thenThrow(new RetryableFailure("signBlob 503"));

    clock.advance(Duration.ofMinutes(55));
    assertThat(get.get(OWNER, "job1").videoUrl()).isEqualTo("https://signed/1");

    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> get.get(OWNER, "job1")).isInstanceOf(RetryableFailure.class);
  }
}
