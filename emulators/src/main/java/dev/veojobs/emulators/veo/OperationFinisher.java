package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a finished operation's scripted outcome into the done operation JSON, rendering and
 * storing the videos for a success.
 */
final class OperationFinisher {
  static final String RESPONSE_TYPE = "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse";
  private static final String MP4 = "video/mp4";
  /** google.rpc.Code.PERMISSION_DENIED: the closest code for an output location Veo cannot write. */
  private static final int SINK_FAILURE_CODE = 7;
  private static final int CACHED_VIDEOS = 8;

  private final Mp4VideoGenerator generator;
  private final VideoSink sink;
  private final VideoFormat format;
  private final Map<String, byte[]> recentVideos = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > CACHED_VIDEOS;
    }
  };

  /** Frame size for 16:9 (9:16 swaps it) and frame rate of every generated video. */
  record VideoFormat(int landscapeWidth, int landscapeHeight, int fps) {}

  OperationFinisher(Mp4VideoGenerator generator, VideoSink sink, VideoFormat format) {
    this(generator, sink, VideoSource.NONE, format);
  }

  /** @param source reads an extension's input video again when its result is made, to copy its frames */
  OperationFinisher(Mp4VideoGenerator generator, VideoSink sink, VideoSource source, VideoFormat format) {
    this.generator = generator;
    this.sink = sink;
    this.source = source;
    this.format = format;
  }

  private final VideoSource source;

  ObjectNode finish(VeoOperation operation) {
    ObjectNode done = JsonNodeFactory.instance.objectNode();
    done.put("name", operation.name());
    done.put("done", true);
    GenerationRequest request = operation.request();
    switch (operation.outcome()) {
      case Outcome.Success success -> {
        try {
          done.set("response", videosResponse(operation));
        } catch (RuntimeException sinkFailure) {
          done.set("error", error(SINK_FAILURE_CODE, "Veo could not write the generated video to "
              + request.storageUri() + ": " + sinkFailure.getMessage()
              + ". Check that the bucket exists and that Vertex AI can write to it."));
        }
      }
      case Outcome.SafetyFiltered filtered -> {
        ObjectNode response = response();
        response.put("raiMediaFilteredCount", request.sampleCount());
        ArrayNode reasons = response.putArray("raiMediaFilteredReasons");
        filtered.reasons().forEach(reasons::add);
        done.set("response", response);
      }
      case Outcome.OperationError failed -> done.set("error", error(failed.code(), failed.message()));
      case Outcome.DoneWithoutVideo empty -> done.set("response", response());
      case Outcome.NotFound notFound -> throw new IllegalStateException("a NOT_FOUND operation is never fetched");
      case Outcome.StartError startError -> throw new IllegalStateException("a start error creates no operation");
    }
    return done;
  }

  private ObjectNode videosResponse(VeoOperation operation) {
    GenerationRequest request = operation.request();
    byte[] video = video(request);
    ObjectNode response = response();
    response.put("raiMediaFilteredCount", 0);
    ArrayNode videos = response.putArray("videos");
    for (int i = 0; i < request.sampleCount(); i++) {
      ObjectNode entry = videos.addObject();
      if (request.storageUri() != null) {
        String gcsUri = request.storageUri() + operation.id() + "/sample_" + i + ".mp4";
        sink.write(gcsUri, video, MP4);
        entry.put("gcsUri", gcsUri);
      } else {
        entry.put("bytesBase64Encoded", Base64.getEncoder().encodeToString(video));
      }
      entry.put("mimeType", MP4);
    }
    return response;
  }

  /**
   * What the video shows, in the order Veo uses the inputs: the first frame for the first second, the
   * last frame for the last one, an extension's source for its length before the 7 s continuation,
   * reference images named under the prompt.
   */
  static List<Mp4VideoGenerator.Segment> segments(GenerationRequest request) {
    return segments(request, VideoSource.NONE);
  }

  /** @param images reads the first and last frame, which are then drawn into their seconds */
  static List<Mp4VideoGenerator.Segment> segments(GenerationRequest request, VideoSource images) {
    String text = request.prompt() != null && !request.prompt().isBlank() ? request.prompt() : "(image to video)";
    int seconds = request.durationSeconds();
    if (request.isExtension()) {
      int continuation = seconds - request.sourceSeconds();
      return request.sourceSeconds() > 0
          ? List.of(new Mp4VideoGenerator.Segment("SOURCE VIDEO " + leaf(request.videoUri()), request.sourceSeconds()),
              new Mp4VideoGenerator.Segment("EXTENDED: " + text, continuation))
          : List.of(new Mp4VideoGenerator.Segment("EXTENDS " + leaf(request.videoUri()) + ": " + text, seconds));
    }
    if (!request.referenceUris().isEmpty()) {
      return List.of(new Mp4VideoGenerator.Segment(text + " | REFERENCES " + String.join(" ",
          request.referenceUris().stream().map(OperationFinisher::leaf).toList()), seconds));
    }
    List<Mp4VideoGenerator.Segment> segments = new ArrayList<>();
    int middle = seconds;
    if (request.imageUri() != null) {
      segments.add(new Mp4VideoGenerator.Segment("FIRST FRAME " + leaf(request.imageUri()), 1,
          picture(images, request.imageUri())));
      middle--;
    }
    if (request.lastFrameUri() != null) {
      middle--;
    }
    segments.add(new Mp4VideoGenerator.Segment(text, middle));
    if (request.lastFrameUri() != null) {
      segments.add(new Mp4VideoGenerator.Segment("LAST FRAME " + leaf(request.lastFrameUri()), 1,
          picture(images, request.lastFrameUri())));
    }
    return segments;
  }

  private static byte[] picture(VideoSource images, String uri) {
    if (uri == null || uri.equals("(bytes)")) {
      return null;
    }
    java.util.Optional<byte[]> read = images.read(uri);
    return read == null ? null : read.orElse(null);
  }

  private static String leaf(String uri) {
    return uri == null ? "" : uri.substring(uri.lastIndexOf('/') + 1);
  }

  private byte[] video(GenerationRequest request) {
    List<Mp4VideoGenerator.Segment> segments = segments(request, source);
    int width = request.portrait() ? format.landscapeHeight() : format.landscapeWidth();
    int height = request.portrait() ? format.landscapeWidth() : format.landscapeHeight();
    if (request.isExtension() && request.sourceSeconds() > 0) {
      // The source's own frames first, then the continuation: what Veo's merged clip looks like.
      java.util.Optional<byte[]> original = source.read(request.videoUri());
      java.util.Optional<byte[]> extended = original == null || original.isEmpty() ? java.util.Optional.empty()
          : generator.extend(original.get(), segments.subList(1, segments.size()), width, height, format.fps());
      if (extended.isPresent()) {
        return extended.get();
      }
    }
    String key = width + "x" + height + "@" + format.fps() + "/" + segments;
    synchronized (recentVideos) {
      byte[] cached = recentVideos.get(key);
      if (cached != null) {
        return cached;
      }
    }
    byte[] video = generator.generate(segments, width, height, format.fps());
    synchronized (recentVideos) {
      recentVideos.put(key, video);
    }
    return video;
  }

  private static ObjectNode response() {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("@type", RESPONSE_TYPE);
    return response;
  }

  private static ObjectNode error(int code, String message) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.put("code", code);
    error.put("message", message);
    return error;
  }
}
