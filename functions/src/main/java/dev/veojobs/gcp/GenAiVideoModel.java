package dev.veojobs.gcp;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosResponse;
import com.google.genai.types.GenerateVideosSource;
import com.google.genai.types.Image;
import com.google.genai.types.Video;
import com.google.genai.types.VideoGenerationReferenceImage;
import dev.veojobs.app.GeneratedVideo;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.app.VideoModel;
import dev.veojobs.app.StartOutcomeUnknown;
import java.net.ConnectException;
import java.net.UnknownHostException;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.VeoLimits;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.job.VideoParameters;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Veo on Vertex AI through google-genai: {@code predictLongRunning} to start,
 * {@code fetchPredictOperation} to poll. The client should not retry on its own (see
 * {@link GcpClients#genai}): a retried start could pay for two videos, and Cloud Tasks already
 * retries the step with backoff.
 */
public final class GenAiVideoModel implements VideoModel {
  static final String DEFAULT_MIME_TYPE = "video/mp4";

  private final Client client;

  public GenAiVideoModel(Client client) {
    this.client = client;
  }

  @Override
  public String start(VideoGenerationRequest request) {
    GenerateVideosSource.Builder source = GenerateVideosSource.builder().prompt(request.prompt());
    if (request.image() != null) {
      source.image(image(request.image()));
    }
    if (request.isExtension()) {
      // instances[0].video: the finished video Veo continues, read from our bucket with the project's identity.
      source.video(Video.builder().uri(request.sourceVideoUri()).mimeType(VeoLimits.EXTENSION_VIDEO_MIME_TYPE).build());
    }
    GenerateVideosOperation operation;
    try {
      operation = client.models.generateVideos(request.model(), source.build(), config(request));
    } catch (RuntimeException e) {
      throw translateStart(e);
    }
    return operation.name()
        .filter(name -> !name.isBlank())
        // The call may have been billed: reconciled by the start step, never simply repeated.
        .orElseThrow(() -> new StartOutcomeUnknown("Veo answered without an operation name", null));
  }

  static GenerateVideosConfig config(VideoGenerationRequest request) {
    VideoParameters p = request.parameters();
    GenerateVideosConfig.Builder config = GenerateVideosConfig.builder()
        .numberOfVideos(p.sampleCount())
        .aspectRatio(p.aspectRatio())
        .resolution(p.resolution())
        .generateAudio(p.generateAudio())
        .personGeneration(p.personGeneration())
        .enhancePrompt(p.enhancePrompt());
    if (!request.isExtension()) {
      // An extension's length is Veo's fixed continuation; the reference sends no duration for it.
      config.durationSeconds(p.durationSeconds());
    }
    if (request.lastFrame() != null) {
      config.lastFrame(image(request.lastFrame()));        // instances[0].lastFrame
    }
    if (!request.referenceImages().isEmpty()) {
      config.referenceImages(request.referenceImages().stream() // instances[0].referenceImages
          .map(reference -> VideoGenerationReferenceImage.builder()
              .image(image(reference.image()))
              // Vertex AI documents the lower-case name; the SDK's enum would send "ASSET".
              .referenceType(reference.referenceType())
              .build())
          .toList());
    }
    if (p.seed() != null) {
      // The SDK carries the seed as a Java int.
      if (p.seed() < 0 || p.seed() > Integer.MAX_VALUE) {
        throw new PermanentFailure(ErrorCode.INVALID_ARGUMENT, "seed must be between 0 and " + Integer.MAX_VALUE + ".");
      }
      config.seed(p.seed().intValue());
    }
    if (request.negativePrompt() != null) {
      config.negativePrompt(request.negativePrompt());
    }
    if (request.outputUri() != null) {
      config.outputGcsUri(request.outputUri());
    }
    return config.build();
  }

  private static Image image(ImageInput input) {
    return Image.builder().gcsUri(input.gcsUri()).mimeType(input.mimeType()).build();
  }

  @Override
  public OperationState poll(String operationName) {
    GenerateVideosOperation operation;
    try {
      operation = client.operations.getVideosOperation(
          GenerateVideosOperation.builder().name(operationName).build(), null);
    } catch (ClientException e) {
      if (e.code() == 404) {
        return new OperationState.NotFound();
      }
      throw translatePoll(e);
    } catch (RuntimeException e) {
      throw translatePoll(e);
    }
    return state(operation);
  }

  static OperationState state(GenerateVideosOperation operation) {
    if (!operation.done().orElse(false)) {
      return new OperationState.Running();
    }
    if (operation.error().isPresent()) {
      Map<String, Object> error = operation.error().get();
      int code = error.get("code") instanceof Number n ? n.intValue() : 2;
      Object message = error.get("message");
      return new OperationState.Failed(code,
          VeoMessages.sanitize(message == null ? null : message.toString(), "Veo could not generate the video."));
    }
    GenerateVideosResponse response = operation.response().orElse(null);
    if (response == null) {
      return new OperationState.NoVideo();
    }
    List<GeneratedVideo> videos = new ArrayList<>();
    for (com.google.genai.types.GeneratedVideo generated : response.generatedVideos().orElse(List.of())) {
      Video video = generated.video().orElse(null);
      if (video == null) {
        continue;
      }
      String uri = video.uri().filter(u -> !u.isBlank()).orElse(null);
      byte[] bytes = video.videoBytes().filter(b -> b.length > 0).orElse(null);
      if (uri != null || bytes != null) {
        videos.add(new GeneratedVideo(uri, bytes, video.mimeType().orElse(DEFAULT_MIME_TYPE)));
      }
    }
    if (!videos.isEmpty()) {
      return new OperationState.Succeeded(videos);
    }
    int filtered = response.raiMediaFilteredCount().orElse(0);
    if (filtered > 0) {
      List<String> reasons = response.raiMediaFilteredReasons().orElse(List.of()).stream()
          .map(r -> VeoMessages.sanitize(r, "filtered"))
          .toList();
      return new OperationState.SafetyFiltered(filtered, reasons);
    }
    return new OperationState.NoVideo();
  }

  /** The HTTP status Veo answered with, found on the SDK exception behind a translated failure. */
  public static java.util.OptionalInt httpStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return java.util.OptionalInt.of(api.code());
      }
    }
    return java.util.OptionalInt.empty();
  }

  /**
   * A start's answer read three ways, because a start that Veo accepted is paid for. Only an answer
   * that proves Veo did not accept the request may be retried at once: 429 (quota), 401/403 (an
   * operator can fix permissions before the deadline), a connection refused before anything was
   * sent. Any other 4xx is a rejection that fails the job. Everything else — a 5xx, a 408 or read
   * timeout, a connection lost after sending — leaves the outcome unknown.
   */
  static RuntimeException translateStart(RuntimeException e) {
    if (e instanceof PermanentFailure || e instanceof RetryableFailure || e instanceof StartOutcomeUnknown) {
      return e;
    }
    if (e instanceof ClientException c) {
      int code = c.code();
      if (code == 429 || code == 401 || code == 403) {
        return new RetryableFailure("Veo refused for now (HTTP " + code + " " + c.status() + ")", e);
      }
      if (code == 408) {
        return new StartOutcomeUnknown("Veo timed out the start (HTTP 408)", e);
      }
      String summary = VeoMessages.sanitize(c.message(), "the request was not accepted");
      return new PermanentFailure(new dev.veojobs.job.JobError(ErrorCode.INVALID_ARGUMENT,
          "Veo rejected the request: " + summary), e);
    }
    if (e instanceof ApiException a) {
      return new StartOutcomeUnknown("Veo answered HTTP " + a.code(), e);
    }
    if (e instanceof GenAiIOException || e instanceof UncheckedIOException) {
      return neverSent(e)
          ? new RetryableFailure("Veo could not be reached (nothing was sent)", e)
          : new StartOutcomeUnknown("the connection to Veo failed after the start was sent", e);
    }
    if (e instanceof IllegalArgumentException) {
      // The SDK validates parameters before sending anything.
      return new PermanentFailure(new dev.veojobs.job.JobError(ErrorCode.INVALID_ARGUMENT,
          "Veo does not accept these parameters."), e);
    }
    return e;
  }

  /** A refused or unresolvable connection: the request never left this process. */
  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** A poll changes nothing at Veo, so every failure but a definite 404 (handled before) is retried. */
  static RuntimeException translatePoll(RuntimeException e) {
    if (e instanceof PermanentFailure || e instanceof RetryableFailure) {
      return e;
    }
    if (e instanceof ApiException a) {
      return new RetryableFailure("Veo answered the poll with HTTP " + a.code(), e);
    }
    if (e instanceof GenAiIOException || e instanceof UncheckedIOException) {
      return new RetryableFailure("Veo could not be reached", e);
    }
    return e;
  }
}
