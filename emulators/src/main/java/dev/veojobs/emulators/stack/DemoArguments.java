package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code ./dev demo}: one prompt and optional flags, checked here so a typo
 * gets a usage message instead of a 400 from the API. Unset flags are left out of the request so
 * the API's documented defaults apply.
 */
record DemoArguments(
    String prompt,
    Integer durationSeconds,
    String aspectRatio,
    String resolution,
    String negativePrompt,
    String model,
    Duration timeout,
    boolean help,
    Path firstFrame,
    Path lastFrame,
    List<Path> references,
    String extendPrompt) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  static final List<String> DURATIONS = List.of("4", "6", "8");
  static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16");
  static final List<String> RESOLUTIONS = List.of("720p", "1080p");
  static final List<String> MODELS = List.of("veo-3.1-generate-001", "veo-3.1-fast-generate-001");
  static final List<String> FLAGS = List.of("--duration", "--aspect", "--resolution", "--negative", "--model", "--timeout",
      "--first-frame", "--last-frame", "--reference", "--extend");
  /** As many as Veo takes (VeoLimits.MAX_REFERENCE_IMAGES in the functions module). */
  static final int MAX_REFERENCES = 3;

  /** The same text as {@code ./dev demo --help}, which answers before anything is built (DevScriptTest compares). */
  static final String USAGE = """
      usage: ./dev demo "a prompt" [--duration 4|6|8] [--aspect 16:9|9:16] [--resolution 720p|1080p]
                                   [--negative "…"] [--model veo-3.1-generate-001|veo-3.1-fast-generate-001]
                                   [--timeout SECONDS] [--first-frame FILE [--last-frame FILE]]
                                   [--reference FILE]... [--extend "next prompt"]
        Starts the local stack on free ports, submits one job through the HTTP API, follows it to the end,
        prints the signed URL and saves the video to ./out/<job id>.mp4. Exit 0 on COMPLETED, 1 otherwise.
        Images (PNG or JPEG) are uploaded through POST /v1/uploads: a first and last frame, or up to 3
        reference images (they need --model veo-3.1-generate-001). --extend then continues the finished
        video with another prompt (POST /v1/jobs/{id}:extend) and saves that video too.
        The stack's log goes to out/demo.log.
        Prompt markers make the fake Veo fail on purpose: [safety], [error], [no-video], [quota].""";

  /** Thrown for a bad command line; the message says what is wrong. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static DemoArguments parse(String... args) {
    String prompt = null;
    Integer duration = null;
    String aspect = null;
    String resolution = null;
    String negative = null;
    String model = null;
    Duration timeout = DEFAULT_TIMEOUT;
    Path firstFrame = null;
    Path lastFrame = null;
    List<Path> references = new java.util.ArrayList<>();
    String extend = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        return new DemoArguments(null, null, null, null, null, null, timeout, true, null, null, List.of(), null);
      }
      if (!arg.startsWith("--")) {
        if (prompt != null) {
          throw new UsageException("only one prompt, in quotes: got '" + prompt + "' and '" + arg + "'");
        }
        prompt = arg;
        continue;
      }
      String flag = arg;
      String value;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        flag = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else {
        if (!FLAGS.contains(flag)) {
          throw new UsageException("unknown option " + flag);
        }
        if (i + 1 >= args.length) {
          throw new UsageException(flag + " needs a value");
        }
        value = args[++i];
      }
      switch (flag) {
        case "--duration" -> duration = Integer.valueOf(oneOf(flag, value, DURATIONS));
        case "--aspect" -> aspect = oneOf(flag, value, ASPECT_RATIOS);
        case "--resolution" -> resolution = oneOf(flag, value, RESOLUTIONS);
        case "--negative" -> negative = nonBlank(flag, value);
        case "--model" -> model = oneOf(flag, value, MODELS);
        case "--timeout" -> timeout = Duration.ofSeconds(positive(flag, value));
        case "--first-frame" -> firstFrame = image(flag, value);
        case "--last-frame" -> lastFrame = image(flag, value);
        case "--reference" -> references.add(image(flag, value));
        case "--extend" -> extend = nonBlank(flag, value);
        default -> throw new UsageException("unknown option " + flag);
      }
    }
    if (prompt == null || prompt.isBlank()) {
      throw new UsageException("a prompt is required, e.g. ./dev demo \"a paper boat on a rainy street\"");
    }
    if (lastFrame != null && firstFrame == null) {
      throw new UsageException("--last-frame needs --first-frame (Veo interpolates from the first to the last)");
    }
    if (references.size() > MAX_REFERENCES) {
      throw new UsageException("at most " + MAX_REFERENCES + " --reference images");
    }
    return new DemoArguments(prompt, duration, aspect, resolution, negative, model, timeout, false, firstFrame,
        lastFrame, List.copyOf(references), extend);
  }

  /** The content type POST /v1/uploads is asked for, from the file's extension. */
  static String contentType(Path image) {
    String name = image.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".png") ? "image/png" : "image/jpeg";
  }

  /** An existing PNG or JPEG file; the API accepts no other image type. */
  private static Path image(String flag, String value) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (!(lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"))) {
      throw new UsageException(flag + " must be a .png, .jpg or .jpeg file, got '" + value + "'");
    }
    Path file = Path.of(value);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new UsageException(flag + " file not found: '" + value + "'");
    }
    return file;
  }

  /** The create-job request body, without images. */
  String requestJson() {
    return requestJson(null, null, List.of());
  }

  /**
   * The create-job request body with the images already uploaded, each given as its
   * {@code {gcs_uri, mime_type}} object (null or empty when not given).
   */
  String requestJson(ObjectNode image, ObjectNode last, List<ObjectNode> referenceImages) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.put("prompt", prompt);
    if (image != null) {
      body.set("image", image);
    }
    if (last != null) {
      body.set("last_frame", last);
    }
    if (!referenceImages.isEmpty()) {
      var array = body.putArray("reference_images");
      referenceImages.forEach(reference -> array.add(reference.deepCopy().put("reference_type", "asset")));
    }
    if (negativePrompt != null) {
      body.put("negative_prompt", negativePrompt);
    }
    if (model != null) {
      body.put("model", model);
    }
    if (durationSeconds != null || aspectRatio != null || resolution != null) {
      ObjectNode parameters = body.putObject("parameters");
      if (durationSeconds != null) {
        parameters.put("duration_seconds", durationSeconds);
      }
      if (aspectRatio != null) {
        parameters.put("aspect_ratio", aspectRatio);
      }
      if (resolution != null) {
        parameters.put("resolution", resolution);
      }
    }
    return body.toString();
  }

  private static String oneOf(String flag, String value, List<String> allowed) {
    if (!Set.copyOf(allowed).contains(value)) {
      throw new UsageException(flag + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
    return value;
  }

  private static String nonBlank(String flag, String value) {
    if (value.isBlank()) {
      throw new UsageException(flag + " must not be empty");
    }
    return value;
  }

  private static long positive(String flag, String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " must be a whole number of seconds above 0, got '" + value + "'");
  }
}
