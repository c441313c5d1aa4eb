package dev.veojobs.job;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one table of what a job may ask Veo 3.1 for, and what it gets when it asks for nothing.
 * Values follow the Vertex AI model pages for {@code veo-3.1-generate-001} and
 * {@code veo-3.1-fast-generate-001}; the validator, the API docs and the web page all read them
 * from here so they cannot drift apart. Lists keep the order used in error messages.
 */
public final class VeoLimits {
  private VeoLimits() {}

  public static final List<String> MODELS = List.of("veo-3.1-generate-001", "veo-3.1-fast-generate-001");
  /** The fast model is the default: cheaper, and what an interactive user waits for. */
  public static final String DEFAULT_MODEL = "veo-3.1-fast-generate-001";

  public static final List<Integer> DURATIONS_SECONDS = List.of(4, 6, 8);
  public static final int DEFAULT_DURATION_SECONDS = 8;

  public static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16");
  public static final String DEFAULT_ASPECT_RATIO = "16:9";

  public static final List<String> RESOLUTIONS = List.of("720p", "1080p");
  public static final String DEFAULT_RESOLUTION = "720p";

  /**
   * Veo returns up to four videos per request, but the pipeline stores and signs only the first
   * sample; more samples cost more and are accepted only for parity with the Veo API.
   */
  public static final int MIN_SAMPLE_COUNT = 1;
  public static final int MAX_SAMPLE_COUNT = 4;
  public static final int DEFAULT_SAMPLE_COUNT = 1;

  /**
   * Veo accepts an unsigned 32-bit seed, but the Gen AI SDK carries it as a Java int, so the
   * top half is refused here with a 400 instead of failing the job later. Absent means "random".
   */
  public static final long MIN_SEED = 0L;
  public static final long MAX_SEED = Integer.MAX_VALUE;

  public static final boolean DEFAULT_GENERATE_AUDIO = false;

  public static final List<String> PERSON_GENERATION = List.of("dont_allow", "allow_adult");
  public static final String DEFAULT_PERSON_GENERATION = "allow_adult";

  public static final boolean DEFAULT_ENHANCE_PROMPT = true;

  /** Counted in Unicode code points after trimming, so an emoji counts once. */
  public static final int MAX_PROMPT_LENGTH = 2000;
  public static final int MAX_NEGATIVE_PROMPT_LENGTH = 2000;

  /** node_id and project_id end up in Firestore document ids and task names: keep them plain. */
  public static final int MAX_ID_LENGTH = 128;
  public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}");

  public static final List<String> IMAGE_MIME_TYPES = List.of("image/png", "image/jpeg");
  /** Bucket name (3-222 chars) plus object name (up to 1024 bytes) plus the scheme. */
  public static final int MAX_GCS_URI_LENGTH = 1300;

  public static final int MAX_WEBHOOK_URL_LENGTH = 2048;

  /**
   * The frame size Veo renders for a resolution and aspect ratio, {@code [width, height]}: 720p is
   * 1280x720, 1080p 1920x1080, and 9:16 swaps them.
   */
  public static int[] frameSize(String resolution, String aspectRatio) {
    int longSide = "1080p".equals(resolution) ? 1920 : 1280;
    int shortSide = "1080p".equals(resolution) ? 1080 : 720;
    return "9:16".equals(aspectRatio) ? new int[] {shortSide, longSide} : new int[] {longSide, shortSide};
  }

  // --- Veo 3.1 inputs beyond one start image (docs/veo-inputs.md has the sources and what is unconfirmed) ---

  /** A last frame is the end of an interpolation: both models take it, always with {@code image} as the first frame. */
  public static final List<String> MODELS_WITH_LAST_FRAME = MODELS;

  /**
   * Reference ("ingredient") images: the Vertex AI page of {@code veo-3.1-generate-001} lists asset images
   * as supported; the fast model's page does not, so they are refused there before a paid call fails.
   */
  public static final List<String> MODELS_WITH_REFERENCE_IMAGES = List.of("veo-3.1-generate-001");
  /** "asset" keeps a subject; "style" exists in the SDK but only {@code veo-2.0-generate-exp} takes it. */
  public static final List<String> REFERENCE_TYPES = List.of("asset");
  public static final String DEFAULT_REFERENCE_TYPE = "asset";
  public static final int MAX_REFERENCE_IMAGES = 3;
  /** "Reference image to video only supports 8 seconds" and is 16:9 only (the 9:16 row excepts it). */
  public static final List<Integer> REFERENCE_DURATIONS_SECONDS = List.of(8);
  public static final List<String> REFERENCE_ASPECT_RATIOS = List.of("16:9");

  /** Both 3.1 models extend a Veo video; the continuation is 7 s at 720p and 24 fps. */
  public static final List<String> MODELS_WITH_EXTENSION = MODELS;
  public static final int EXTENSION_SECONDS = 7;
  public static final List<String> EXTENSION_RESOLUTIONS = List.of("720p");
  /** The input video must be 1-30 s long, so a chain of 8 s + 7 s extensions stops after 29 s. */
  public static final int MIN_EXTENSION_INPUT_SECONDS = 1;
  public static final int MAX_EXTENSION_INPUT_SECONDS = 30;
  public static final String EXTENSION_VIDEO_MIME_TYPE = "video/mp4";

  /** The parameters a request gets when it sends none. */
  public static VideoParameters defaultParameters() {
    return new VideoParameters(
        DEFAULT_DURATION_SECONDS,
        DEFAULT_ASPECT_RATIO,
        DEFAULT_RESOLUTION,
        DEFAULT_SAMPLE_COUNT,
        null,
        DEFAULT_GENERATE_AUDIO,
        DEFAULT_PERSON_GENERATION,
        DEFAULT_ENHANCE_PROMPT);
  }
}
