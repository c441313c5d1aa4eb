package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OTHER_OWNER;
import static dev.veojobs.app.Fixtures.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.TestJobs;
import org.junit.jupiter.api.Test;

class DeleteJobTest {
  private static final String UPLOAD = "uploads/" + OWNER + "/in.png";

  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final InMemoryJobRecords records = new InMemoryJobRecords(store);
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final CancelJob cancel = new CancelJob(store, mock(UrlSigner.class), Fixtures.settings(), clock);
  private final DeleteJob delete = new DeleteJob(store, records, cancel, blobs, Fixtures.settings(), clock);

  @Test
  void aLiveJobIsCanceledFirstAndARetryAfterACrashFinishesTheDeletion() {
    store.put(TestJobs.job("job1").image(new ImageInput(ObjectNames.gcsUri(BUCKET, UPLOAD), "image/png")).generating());
    blobs.put(BUCKET, UPLOAD, 10);
    blobs.put(BUCKET, "veo-output/job1/1/sample_0.mp4", 10);
    records.failNextPurges(1);

    assertThatThrownBy(() -> delete.delete(OWNER, "job1")).isInstanceOf(RetryableFailure.class);

    // Crashed before the documents went: the job was canceled through the cancel path, its objects are gone.
    assertThat(store.get("job1").status()).isEqualTo(JobStatus.CANCELED);
    assertThat(store.eventTypes("job1")).containsExactly("job.canceled");
    assertThat(blobs.list(BUCKET, "")).isEmpty();

    delete.delete(OWNER, "job1");

    assertThat(store.find("job1")).isEmpty();
    assertThat(store.events("job1")).isEmpty();
  }

  @Test
  void aFinishedJobLosesItsVideosAndRawOutputButNoOtherJobsObjects() {
    store.put(TestJobs.job("job1").completed());
    blobs.put(BUCKET, "videos/" + OWNER + "/job1.mp4", 10);
    blobs.put(BUCKET, "videos/" + OWNER + "/job1-1.mp4", 10);
    blobs.put(BUCKET, "veo-output/job1/1/sample_0.mp4", 10);
    blobs.put(BUCKET, "videos/" + OWNER + "/job10.mp4", 10);
    blobs.put(BUCKET, "veo-output/job10/1/sample_0.mp4", 10);

    delete.delete(OWNER, "job1");

    assertThat(store.find("job1")).isEmpty();
    assertThat(blobs.list(BUCKET, "")).containsExactly(
        ObjectNames.gcsUri(BUCKET, "veo-output/job10/1/sample_0.mp4"),
        ObjectNames.gcsUri(BUCKET, "videos/" + OWNER + "/job10.mp4"));
  }

  @Test
  void anInputImageIsDeletedOnlyWhenItIsTheCallersOwnUpload() {
    String someoneElses = "uploads/" + OTHER_OWNER + "/in.png";
    store.put(TestJobs.job("job1").image(new ImageInput(ObjectNames.gcsUri(BUCKET, someoneElses), "image/png")).failed(
        dev.veojobs.job.ErrorCode.INVALID_ARGUMENT, "bad image"));
    store.put(TestJobs.job("job2").image(new ImageInput("gs://another-bucket/" + UPLOAD, "image/png")).canceled());
    blobs.put(BUCKET, someoneElses, 10);
    blobs.put(BUCKET, UPLOAD, 10);

    delete.delete(OWNER, "job1");
    delete.delete(OWNER, "job2");

    assertThat(blobs.exists(BUCKET, someoneElses)).isTrue();
    assertThat(blobs.exists(BUCKET, UPLOAD)).isTrue();
  }

  @Test
  void deletingAgainIsDoneButAnIdNeverSeenIsNotFound() {
    store.put(TestJobs.job("job1").completed());
    delete.delete(OWNER, "job1");

    delete.delete(OWNER, "job1");

    assertThatThrownBy(() -> delete.delete(OWNER, "nope")).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void someoneElsesJobIsNotFoundAndKeptLiveWithItsObjects() {
    store.put(TestJobs.job("job1").generating());
    blobs.put(BUCKET, "veo-output/job1/1/sample_0.mp4", 10);

    assertThatThrownBy(() -> delete.delete(OTHER_OWNER, "job1")).isInstanceOf(JobNotFoundException.class);

    assertThat(store.get("job1").status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(blobs.list(BUCKET, "")).hasSize(1);
    delete.delete(OWNER, "job1");
    assertThatThrownBy(() -> delete.delete(OTHER_OWNER, "job1"))
        .as("another user may not learn that the id was deleted").isInstanceOf(JobNotFoundException.class);
  }
}
