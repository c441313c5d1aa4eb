package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartRequestParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PNG = "{\"bytesBase64Encoded\":\"iVBORw==\",\"mimeType\":\"image/png\"}";

  @Test
  void fillsInVeoDefaults() {
    GenerationRequest request = parse("{\"instances\":[{\"prompt\":\"a cat\"}]}");

    assertThat(request.prompt()).isEqualTo("a cat");
    assertThat(request.sampleCount()).isEqualTo(1);
    assertThat(request.durationSeconds()).isEqualTo(8);
    assertThat(request.aspectRatio()).isEqualTo("16:9");
    assertThat(request.resolution()).isEqualTo("720p");
    assertThat(request.storageUri()).isNull();
    assertThat(request.parametersJson()).isEqualTo("{}");
  }

  @Test
  void addsTheMissingSlashToAStoragePrefix() {
    GenerationRequest request = parse("{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"storageUri\":\"gs://bkt/out\"}}");

    assertThat(request.storageUri()).isEqualTo("gs://bkt/out/");
  }

  @Test
  void acceptsEverythingTheClientSends() {
    GenerationRequest request = parse("{\"instances\":[{\"prompt\":\"a cat\",\"image\":" + PNG + ",\"lastFrame\":"
        + "{\"gcsUri\":\"gs://bkt/last.png\",\"mimeType\":\"image/png\"}}],\"parameters\":{\"sampleCount\":4,"
        + "\"storageUri\":\"gs://bkt/out/\",\"fps\":24,\"durationSeconds\":4,\"seed\":4294967295,"
        + "\"aspectRatio\":\"9:16\",\"resolution\":\"1080p\",\"personGeneration\":\"dont_allow\","
        + "\"pubsubTopic\":\"projects/p/topics/t\",\"negativePrompt\":\"blurry\",\"enhancePrompt\":true,"
        + "\"generateAudio\":false,\"compressionQuality\":\"OPTIMIZED\",\"resizeMode\":\"pad\"},"
        + "\"labels\":{\"k\":\"v\"}}");

    assertThat(request.hasImage()).isTrue();
    assertThat(request.portrait()).isTrue();
    assertThat(request.sampleCount()).isEqualTo(4);
    assertThat(request.durationSeconds()).isEqualTo(4);
  }

  @Test
  void anImageAloneIsEnough() {
    GenerationRequest request = parse("{\"instances\":[{\"image\":" + PNG + "}]}");

    assertThat(request.prompt()).isNull();
    assertThat(request.hasImage()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no instances|{\"parameters\":{}}|instances must hold exactly one instance",
      "two instances|{\"instances\":[{\"prompt\":\"a\"},{\"prompt\":\"b\"}]}|got 2",
      "blank prompt|{\"instances\":[{\"prompt\":\"  \"}]}|prompt is required",
      "unknown instance field|{\"instances\":[{\"prompt\":\"a\",\"text\":\"b\"}]}|Unknown name \"text\" at 'instances[0]'",
      "unknown top-level field|{\"instances\":[{\"prompt\":\"a\"}],\"config\":{}}|Unknown name \"config\"",
      "image without mime type|{\"instances\":[{\"image\":{\"bytesBase64Encoded\":\"iVBORw==\"}}]}|image mime type is empty",
      "image with both sources|{\"instances\":[{\"image\":{\"bytesBase64Encoded\":\"iVBORw==\",\"gcsUri\":\"gs://bkt/i.png\",\"mimeType\":\"image/png\"}}]}|exactly one of",
      "image not base64|{\"instances\":[{\"image\":{\"bytesBase64Encoded\":\"***\",\"mimeType\":\"image/png\"}}]}|not valid base64",
      "gif image|{\"instances\":[{\"image\":{\"gcsUri\":\"gs://bkt/i.gif\",\"mimeType\":\"image/gif\"}}]}|unsupported image mime type",
      "last frame without image|{\"instances\":[{\"prompt\":\"a\",\"lastFrame\":{\"gcsUri\":\"gs://bkt/l.png\",\"mimeType\":\"image/png\"}}]}|lastFrame requires image",
      "resize mode without image|{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"resizeMode\":\"pad\"}}|resizeMode",
      "negative seed|{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"seed\":-1}}|seed must be between",
      "fractional duration|{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"durationSeconds\":7.5}}|parameters.durationSeconds",
      "boolean as string|{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"generateAudio\":\"yes\"}}|parameters.generateAudio",
      "bucket too short|{\"instances\":[{\"prompt\":\"a\"}],\"parameters\":{\"storageUri\":\"gs://b/\"}}|storageUri",
      "image to video duration|{\"instances\":[{\"image\":" + "{\"gcsUri\":\"gs://bkt/i.png\",\"mimeType\":\"image/png\"}}],\"parameters\":{\"durationSeconds\":5}}|for feature image_to_video",
      "reference images duration|{\"instances\":[{\"prompt\":\"a\",\"referenceImages\":[{\"image\":{\"gcsUri\":\"gs://bkt/r.png\",\"mimeType\":\"image/png\"},\"referenceType\":\"asset\"}]}],\"parameters\":{\"durationSeconds\":6}}|supported durations are [8] for feature reference_to_video",
      "reference images with image|{\"instances\":[{\"image\":{\"gcsUri\":\"gs://bkt/i.png\",\"mimeType\":\"image/png\"},\"referenceImages\":[]}]}|cannot be both set",
      "video with image|{\"instances\":[{\"prompt\":\"a\",\"image\":{\"gcsUri\":\"gs://bkt/i.png\",\"mimeType\":\"image/png\"},\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}]}|video cannot be combined with image",
      "video at 1080p|{\"instances\":[{\"prompt\":\"a\",\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}],\"parameters\":{\"resolution\":\"1080p\"}}|Unsupported resolution \"1080p\" for feature video_extension",
      "video of 8 more seconds|{\"instances\":[{\"prompt\":\"a\",\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}],\"parameters\":{\"durationSeconds\":8}}|supported durations are [7] for feature video_extension",
      "video not mp4|{\"instances\":[{\"prompt\":\"a\",\"video\":{\"gcsUri\":\"gs://bkt/v.mov\",\"mimeType\":\"video/quicktime\"}}]}|unsupported video mime type",
      "reference images in 9:16|{\"instances\":[{\"prompt\":\"a\",\"referenceImages\":[{\"image\":{\"gcsUri\":\"gs://bkt/r.png\",\"mimeType\":\"image/png\"},\"referenceType\":\"asset\"}]}],\"parameters\":{\"aspectRatio\":\"9:16\"}}|Unsupported aspectRatio \"9:16\" for feature reference_to_video",
      "four reference images|{\"instances\":[{\"prompt\":\"a\",\"referenceImages\":[{},{},{},{}]}]}|At most 3 reference images",
      "label not a string|{\"instances\":[{\"prompt\":\"a\"}],\"labels\":{\"k\":1}}|labels[k]"})
  void rejectsWithInvalidArgument(String name, String body, String message) {
    GoogleApiError error = catchThrowableOfType(GoogleApiError.class, () -> parse(body));

    assertThat(error.httpStatus()).isEqualTo(400);
    assertThat(error.status()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.getMessage()).contains(message);
  }

  @Test
  void aVideoToExtendIsAcceptedAsSevenSecondsAt720p() {
    GenerationRequest request = parse("{\"instances\":[{\"prompt\":\"on\",\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}]}");

    assertThat(request.isExtension()).isTrue();
    assertThat(request.videoUri()).isEqualTo("gs://bkt/v.mp4");
    assertThat(request.durationSeconds()).isEqualTo(7);
    assertThat(request.withSourceSeconds(8).durationSeconds()).as("the source, then the continuation").isEqualTo(15);
  }

  @Test
  void referenceImagesAreForTheFullModelOnly() {
    String body = "{\"instances\":[{\"prompt\":\"a\",\"referenceImages\":[{\"image\":{\"gcsUri\":\"gs://bkt/r.png\","
        + "\"mimeType\":\"image/png\"},\"referenceType\":\"asset\"}]}]}";
    assertThat(parse(body, "veo-3.1-generate-001").referenceUris()).containsExactly("gs://bkt/r.png");

    GoogleApiError error = catchThrowableOfType(GoogleApiError.class, () -> parse(body, "veo-3.1-fast-generate-001"));
    assertThat(error.httpStatus()).isEqualTo(400);
    assertThat(error.getMessage()).isEqualTo("Reference images are not supported by model veo-3.1-fast-generate-001.");
  }

  @Test
  void aMaskIsOutsideTheEmulator() {
    GoogleApiError error = catchThrowableOfType(GoogleApiError.class, () -> parse(
        "{\"instances\":[{\"prompt\":\"a\",\"mask\":{\"gcsUri\":\"gs://bkt/m.png\",\"mimeType\":\"image/png\"}}]}"));

    assertThat(error.httpStatus()).isEqualTo(501);
    assertThat(error.status()).isEqualTo("UNIMPLEMENTED");
    assertThat(error.getMessage()).contains("instances[0].mask");
  }

  @Test
  void theVideoShowsTheFramesWhereVeoPutsThemAndAnExtensionAfterItsSource() {
    GenerationRequest frames = parse("{\"instances\":[{\"prompt\":\"a cat\",\"image\":{\"gcsUri\":\"gs://bkt/u/first.png\","
        + "\"mimeType\":\"image/png\"},\"lastFrame\":{\"gcsUri\":\"gs://bkt/u/last.png\",\"mimeType\":\"image/png\"}}],"
        + "\"parameters\":{\"durationSeconds\":6}}");
    assertThat(OperationFinisher.segments(frames)).containsExactly(
        new Mp4VideoGenerator.Segment("FIRST FRAME first.png", 1), new Mp4VideoGenerator.Segment("a cat", 4),
        new Mp4VideoGenerator.Segment("LAST FRAME last.png", 1));

    GenerationRequest extension = parse("{\"instances\":[{\"prompt\":\"on\",\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}]}")
        .withSourceSeconds(8);
    assertThat(OperationFinisher.segments(extension)).containsExactly(
        new Mp4VideoGenerator.Segment("SOURCE VIDEO v.mp4", 8), new Mp4VideoGenerator.Segment("EXTENDED: on", 7));
  }

  @Test
  void theLengthOfAnMp4IsReadFromItsMovieHeader() {
    byte[] video = new Mp4VideoGenerator().generate("x", 32, 18, 4, 3);

    assertThat(Mp4Duration.seconds(video)).hasValue(3.0);
    assertThat(Mp4Duration.seconds(new byte[] {1, 2, 3})).isEmpty();
  }

  private static GenerationRequest parse(String json) {
    return parse(json, "veo-3.1-generate-001");
  }

  private static GenerationRequest parse(String json, String model) {
    try {
      return StartRequestParser.parse(JSON.readTree(json), model);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
