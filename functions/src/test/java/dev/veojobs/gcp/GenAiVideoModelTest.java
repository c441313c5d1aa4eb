package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosResponse;
import com.google.genai.types.GeneratedVideo;
import com.google.genai.types.Video;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.app.StartOutcomeUnknown;
import dev.veojobs.job.VideoParameters;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenAiVideoModelTest {

  private static GenerateVideosOperation done(GenerateVideosResponse response) {
    return GenerateVideosOperation.builder().name("op").done(true).response(response).build();
  }

  @Test
  void notDoneIsRunning() {
    assertThat(GenAiVideoModel.state(GenerateVideosOperation.builder().name("op").build()))
        .isInstanceOf(OperationState.Running.class);
    assertThat(GenAiVideoModel.state(GenerateVideosOperation.builder().name("op").done(false).build()))
        .isInstanceOf(OperationState.Running.class);
  }

  @Test
  void videosAreASuccessWithUriOrBytes() {
    OperationState state = GenAiVideoModel.state(done(GenerateVideosResponse.builder().generatedVideos(List.of(
        GeneratedVideo.builder().video(Video.builder().uri("gs://b/out/sample_0.mp4").mimeType("video/mp4")).build(),
        GeneratedVideo.builder().video(Video.builder().videoBytes(new byte[] {1, 2, 3})).build())).build()));
    assertThat(state).isInstanceOf(OperationState.Succeeded.class);
    var videos = ((OperationState.Succeeded) state).videos();
    assertThat(videos.get(0).gcsUri()).isEqualTo("gs://b/out/sample_0.mp4");
    assertThat(videos.get(1).bytes()).containsExactly(1, 2, 3);
    assertThat(videos.get(1).mimeType()).isEqualTo("video/mp4");
  }

  @Test
  void filteredWithoutVideosIsSafetyFiltered() {
    OperationState state = GenAiVideoModel.state(done(GenerateVideosResponse.builder()
        .raiMediaFilteredCount(2).raiMediaFilteredReasons(List.of("Unsafe content 58061214")).build()));
    assertThat(state).isEqualTo(new OperationState.SafetyFiltered(2, List.of("Unsafe content 58061214")));
  }

  @Test
  void doneWithNothingIsNoVideo() {
    assertThat(GenAiVideoModel.state(done(GenerateVideosResponse.builder().build())))
        .isInstanceOf(OperationState.NoVideo.class);
    assertThat(GenAiVideoModel.state(GenerateVideosOperation.builder().name("op").done(true).build()))
        .isInstanceOf(OperationState.NoVideo.class);
  }

  @Test
  void anErrorIsAFailureWithASanitizedMessage() {
    OperationState state = GenAiVideoModel.state(GenerateVideosOperation.builder().name("op").done(true)
        .error(Map.of("code", 13, "message", "internal error in projects/p/locations/l/operations/1")).build());
    assertThat(state).isInstanceOf(OperationState.Failed.class);
    OperationState.Failed failed = (OperationState.Failed) state;
    assertThat(failed.code()).isEqualTo(13);
    assertThat(failed.message()).startsWith("internal error in").doesNotContain("projects/");
  }

  @Test
  void onStartOnlyAnAnswerThatProvesNothingWasAcceptedIsRetryable() {
    assertThat(GenAiVideoModel.translateStart(new ClientException(429, "RESOURCE_EXHAUSTED", "quota")))
        .isInstanceOf(RetryableFailure.class);
    assertThat(GenAiVideoModel.translateStart(new ClientException(403, "PERMISSION_DENIED", "no")))
        .isInstanceOf(RetryableFailure.class);
    assertThat(GenAiVideoModel.translateStart(
        new GenAiIOException("refused", new java.net.ConnectException("Connection refused"))))
        .isInstanceOf(RetryableFailure.class);
  }

  @Test
  void onStartA5xxATimeoutOrALostConnectionLeavesTheOutcomeUnknown() {
    assertThat(GenAiVideoModel.translateStart(new ServerException(503, "UNAVAILABLE", "down")))
        .isInstanceOf(StartOutcomeUnknown.class);
    assertThat(GenAiVideoModel.translateStart(new ClientException(408, "DEADLINE_EXCEEDED", "slow")))
        .isInstanceOf(StartOutcomeUnknown.class);
    assertThat(GenAiVideoModel.translateStart(
        new GenAiIOException("reset", new java.net.SocketTimeoutException("timeout"))))
        .isInstanceOf(StartOutcomeUnknown.class);
  }

  @Test
  void onPollServerErrorsAndIoAreRetryable() {
    assertThat(GenAiVideoModel.translatePoll(new ServerException(503, "UNAVAILABLE", "down")))
        .isInstanceOf(RetryableFailure.class);
    assertThat(GenAiVideoModel.translatePoll(new GenAiIOException("timeout", new IOException("t"))))
        .isInstanceOf(RetryableFailure.class);
  }

  @Test
  void anotherClientErrorOnStartIsPermanentInvalidArgumentWithoutTheRawMessage() {
    RuntimeException e = GenAiVideoModel.translateStart(
        new ClientException(400, "INVALID_ARGUMENT", "bad storageUri gs://secret-bucket/x"));
    assertThat(e).isInstanceOf(PermanentFailure.class);
    PermanentFailure p = (PermanentFailure) e;
    assertThat(p.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(p.error().message()).doesNotContain("secret-bucket");
  }

  @Test
  void theConfigCarriesEveryParameter() {
    GenerateVideosConfig config = GenAiVideoModel.config(new VideoGenerationRequest("veo-3.1-fast-generate-001",
        "a cat", "blurry", null, new VideoParameters(6, "9:16", "1080p", 2, 42L, true, "allow_adult", false),
        "gs://b/veo-output/j/1/"));
    assertThat(config.numberOfVideos()).contains(2);
    assertThat(config.durationSeconds()).contains(6);
    assertThat(config.aspectRatio()).contains("9:16");
    assertThat(config.resolution()).contains("1080p");
    assertThat(config.seed()).contains(42);
    assertThat(config.generateAudio()).contains(true);
    assertThat(config.personGeneration()).contains("allow_adult");
    assertThat(config.enhancePrompt()).contains(false);
    assertThat(config.negativePrompt()).contains("blurry");
    assertThat(config.outputGcsUri()).contains("gs://b/veo-output/j/1/");
  }

  @Test
  void aSeedBeyondWhatTheSdkCarriesIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> GenAiVideoModel.config(new VideoGenerationRequest("m", "p", null, null,
        new VideoParameters(8, "16:9", "720p", 1, 4_000_000_000L, false, "allow_adult", true), null)))
        .isInstanceOf(PermanentFailure.class);
  }
}
