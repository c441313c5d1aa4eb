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
      "label not a string|{\"instances\":[{\"prompt\":\"a\"}],\"labels\":{\"k\":1}}|labels[k]"})
  void rejectsWithInvalidArgument(String name, String body, String message) {
    GoogleApiError error = catchThrowableOfType(GoogleApiError.class, () -> parse(body));

    assertThat(error.httpStatus()).isEqualTo(400);
    assertThat(error.status()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.getMessage()).contains(message);
  }

  @Test
  void videoExtensionIsOutsideTheEmulator() {
    GoogleApiError error = catchThrowableOfType(GoogleApiError.class, () -> parse(
        "{\"instances\":[{\"prompt\":\"a\",\"video\":{\"gcsUri\":\"gs://bkt/v.mp4\",\"mimeType\":\"video/mp4\"}}]}"));

    assertThat(error.httpStatus()).isEqualTo(501);
    assertThat(error.status()).isEqualTo("UNIMPLEMENTED");
    assertThat(error.getMessage()).contains("instances[0].video");
  }

  private static GenerationRequest parse(String json) {
    try {
      return StartRequestParser.parse(JSON.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
