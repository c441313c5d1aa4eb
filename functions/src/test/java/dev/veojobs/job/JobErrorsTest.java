package dev.veojobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobErrorsTest {

  @Test
  void safetyFilteredSaysWhatHappenedAndWhatToDo() {
    JobError error = JobErrors.safetyFiltered(2, List.of("Violates policy. Support codes: 58061214", ""));
    assertThat(error.code()).isEqualTo(ErrorCode.SAFETY_FILTERED);
    assertThat(error.message()).isEqualTo("The video was blocked by Veo's safety filters (2 filtered)."
        + " Try rephrasing the prompt. Reasons: Violates policy. Support codes: 58061214");
    assertThat(JobErrors.safetyFiltered(1, List.of()).message()).doesNotContain("Reasons");
  }

  @Test
  void veoMessagesLoseInternalNamesAndControlCharacters() {
    JobError error = JobErrors.generationFailed(13,
        "Internal error in projects/123/locations/us-central1/operations/9\u0000 writing gs://secret-bucket/x\n\n ok");
    assertThat(error.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(error.message()).isEqualTo("Veo could not generate the video (code 13): Internal error in [resource]"
        + " writing [storage] ok");
  }

  @Test
  void longMessagesAreCut() {
    JobError error = JobErrors.generationFailed(3, "x".repeat(5000));
    assertThat(error.message().length()).isLessThan(400);
    assertThat(error.message()).endsWith("…");
  }

  @Test
  void theDeadlineMessageNamesTheDeadline() {
    assertThat(JobErrors.deadlineExceeded(Duration.ofMinutes(20)).message()).contains("20 minutes");
    assertThat(JobErrors.deadlineExceeded(Duration.ofMinutes(20)).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
  }

  @Test
  void aSanitizedRejectionKeepsItsCode() {
    JobError error = JobErrors.sanitized(new JobError(ErrorCode.INVALID_ARGUMENT, "bad image gs://b/uploads/x.png"));
    assertThat(error).isEqualTo(new JobError(ErrorCode.INVALID_ARGUMENT, "bad image [storage]"));
  }
  @Test
  void aDeadlineOfAMinuteOrLessIsNamedInItsOwnUnit() {
    assertThat(JobErrors.deadlineExceeded(Duration.ofMinutes(1)).message())
        .isEqualTo("The job did not finish within 1 minute.");
    assertThat(JobErrors.deadlineExceeded(Duration.ofSeconds(59)).message())
        .isEqualTo("The job did not finish within 59 seconds.");
  }

  /** Cut at 300 characters, the ellipsis included, and never through the middle of a surrogate pair. */
  @Test
  void messagesAreCutAtTheLimitAndNeverInsideACharacter() {
    String limit = "a".repeat(JobErrors.MAX_DETAIL_LENGTH);
    assertThat(JobErrors.sanitized(new JobError(ErrorCode.INVALID_ARGUMENT, limit)).message()).isEqualTo(limit);
    assertThat(JobErrors.sanitized(new JobError(ErrorCode.INVALID_ARGUMENT, limit + "b")).message())
        .isEqualTo("a".repeat(JobErrors.MAX_DETAIL_LENGTH - 1) + "…");

    String emojiAtTheCut = "a".repeat(JobErrors.MAX_DETAIL_LENGTH - 2) + "\uD83D\uDE00" + "b".repeat(10);
    assertThat(JobErrors.sanitized(new JobError(ErrorCode.INVALID_ARGUMENT, emojiAtTheCut)).message())
        .isEqualTo("a".repeat(JobErrors.MAX_DETAIL_LENGTH - 2) + "…");
  }
}
