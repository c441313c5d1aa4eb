package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code predictLongRunning} body against what the Veo 3.1 model pages allow and turns it
 * into a {@link GenerationRequest}. Every rejection is a 400 INVALID_ARGUMENT naming the field,
 * except inputs the emulator does not model (inpainting masks), which are 501. Rules and their sources:
 * docs/veo-inputs.md in the repository; wording the reference does not give is marked unverified there.
 */
final class StartRequestParser {
  private static final Set<String> TOP_LEVEL = Set.of("instances", "parameters", "labels");
  private static final Set<String> INSTANCE_FIELDS = Set.of("prompt", "image", "lastFrame", "referenceImages", "video");
  private static final Set<String> UNMODELLED_INSTANCE_FIELDS = Set.of("mask");
  /** An extension adds a fixed 7 s at 720p; the input video is an MP4 of 1-30 s. */
  static final int EXTENSION_SECONDS = 7;
  static final int MIN_EXTENSION_INPUT_SECONDS = 1;
  static final int MAX_EXTENSION_INPUT_SECONDS = 30;
  private static final List<String> EXTENSION_RESOLUTIONS = List.of("720p");
  private static final Set<String> VIDEO_MIME_TYPES = Set.of("video/mp4");
  /** Only these take reference images (asset): the model page of the fast model does not list them. */
  private static final Set<String> MODELS_WITH_REFERENCE_IMAGES =
      Set.of("veo-3.1-generate-001", "veo-3.1-generate-preview");
  private static final Set<String> PARAMETERS = Set.of(
      "sampleCount", "storageUri", "durationSeconds", "aspectRatio", "resolution", "negativePrompt",
      "seed", "generateAudio", "personGeneration", "enhancePrompt", "compressionQuality", "fps",
      "resizeMode", "pubsubTopic");
  private static final List<Integer> DURATIONS = List.of(8, 4, 6);
  private static final List<Integer> REFERENCE_DURATIONS = List.of(8);
  private static final List<String> ASPECT_RATIOS = List.of("16:9", "9:16");
  private static final List<String> RESOLUTIONS = List.of("720p", "1080p");
  private static final List<String> PERSON_GENERATION = List.of("dont_allow", "allow_adult");
  private static final List<String> COMPRESSION = List.of("optimized", "lossless");
  private static final List<String> RESIZE_MODES = List.of("pad", "crop");
  private static final Set<String> IMAGE_MIME_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
  private static final int MAX_SAMPLES = 4;
  private static final int VEO_FPS = 24;
  // Bucket names: 3-63 characters of lowercase letters, digits, dashes, underscores and dots.
  private static final Pattern GCS_URI = Pattern.compile("gs://[a-z0-9][a-z0-9._-]{1,61}[a-z0-9](/.*)?");

  private StartRequestParser() {}

  static GenerationRequest parse(JsonNode body) {
    return parse(body, "veo-3.1-generate-001");
  }

  /** @param model the model of the request path, for inputs only some models take */
  static GenerationRequest parse(JsonNode body, String model) {
    requireObject(body, "");
    rejectUnknown(body, TOP_LEVEL, "");
    JsonNode instances = body.get("instances");
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw GoogleApiError.invalidArgument("instances must hold exactly one instance; got none.");
    }
    if (instances.size() > 1) {
      throw GoogleApiError.invalidArgument(
          "instances must hold exactly one instance; got " + instances.size() + ".");
    }
    JsonNode instance = instances.get(0);
    requireObject(instance, "instances[0]");
    for (String unmodelled : UNMODELLED_INSTANCE_FIELDS) {
      if (instance.has(unmodelled)) {
        throw GoogleApiError.unimplemented("instances[0]." + unmodelled
            + " (mask editing) is not implemented by the Veo emulator.");
      }
    }
    rejectUnknown(instance, INSTANCE_FIELDS, "instances[0]");
    String prompt = optionalString(instance, "prompt", "instances[0]");
    boolean hasImage = instance.has("image") && !instance.get("image").isNull();
    if (hasImage) {
      checkMedia(instance.get("image"), "instances[0].image");
    }
    boolean hasLastFrame = instance.has("lastFrame") && !instance.get("lastFrame").isNull();
    if (hasLastFrame) {
      if (!hasImage) {
        throw GoogleApiError.invalidArgument("lastFrame requires image to be set as the first frame.");
      }
      checkMedia(instance.get("lastFrame"), "instances[0].lastFrame");
    }
    boolean hasReferences = instance.has("referenceImages") && !instance.get("referenceImages").isNull();
    if (hasReferences) {
      checkReferenceImages(instance.get("referenceImages"), hasImage);
      if (!MODELS_WITH_REFERENCE_IMAGES.contains(model)) {
        throw GoogleApiError.invalidArgument("Reference images are not supported by model " + model + ".");
      }
    }
    boolean hasVideo = instance.has("video") && !instance.get("video").isNull();
    if (hasVideo) {
      if (hasImage || hasLastFrame || hasReferences) {
        throw GoogleApiError.invalidArgument(
            "video cannot be combined with image, lastFrame or referenceImages; an extension continues the video only.");
      }
      checkVideo(instance.get("video"), "instances[0].video");
    }
    if ((prompt == null || prompt.isBlank()) && !hasImage) {
      throw GoogleApiError.invalidArgument(
          "instances[0].prompt is required for text to video generation; give a prompt or an image.");
    }

    JsonNode parameters = body.has("parameters") && !body.get("parameters").isNull()
        ? body.get("parameters") : null;
    if (parameters != null) {
      requireObject(parameters, "parameters");
      rejectUnknown(parameters, PARAMETERS, "parameters");
    }
    if (body.has("labels") && !body.get("labels").isNull()) {
      checkLabels(body.get("labels"));
    }
    String feature = hasVideo ? "video_extension" : hasReferences ? "reference_to_video"
        : hasImage ? "image_to_video" : "text_to_video";
    List<Integer> durations = hasVideo ? List.of(EXTENSION_SECONDS) : hasReferences ? REFERENCE_DURATIONS : DURATIONS;
    int sampleCount = optionalInt(parameters, "sampleCount", 1);
    if (sampleCount < 1 || sampleCount > MAX_SAMPLES) {
      throw GoogleApiError.invalidArgument("sampleCount must be between 1 and " + MAX_SAMPLES
          + " for this model; got " + sampleCount + ".");
    }
    int duration = optionalInt(parameters, "durationSeconds", hasVideo ? EXTENSION_SECONDS : 8);
    if (!durations.contains(duration)) {
      throw GoogleApiError.invalidArgument("Unsupported output video duration " + duration
          + " seconds, supported durations are " + durations.toString().replace(" ", "")
          + " for feature " + feature + ".");
    }
    String aspectRatio = oneOf(parameters, "aspectRatio", ASPECT_RATIOS, "16:9", false);
    String resolution = oneOf(parameters, "resolution", RESOLUTIONS, "720p", true);
    if (hasVideo && !EXTENSION_RESOLUTIONS.contains(resolution)) {
      throw GoogleApiError.invalidArgument("Unsupported resolution \"" + resolution + "\" for feature " + feature
          + ", supported values are " + EXTENSION_RESOLUTIONS + ".");
    }
    if (hasReferences && "9:16".equals(aspectRatio)) {
      throw GoogleApiError.invalidArgument("Unsupported aspectRatio \"9:16\" for feature " + feature
          + ", supported values are [16:9].");
    }
    oneOf(parameters, "personGeneration", PERSON_GENERATION, "allow_adult", true);
    oneOf(parameters, "compressionQuality", COMPRESSION, "optimized", true);
    String resizeMode = oneOf(parameters, "resizeMode", RESIZE_MODES, null, true);
    if (resizeMode != null && !hasImage) {
      throw GoogleApiError.invalidArgument("resizeMode is only supported for image to video generation.");
    }
    optionalString(parameters, "negativePrompt", "parameters");
    optionalString(parameters, "pubsubTopic", "parameters");
    optionalBoolean(parameters, "generateAudio");
    optionalBoolean(parameters, "enhancePrompt");
    long seed = optionalLong(parameters, "seed", 0);
    if (seed < 0 || seed > 4_294_967_295L) {
      throw GoogleApiError.invalidArgument("seed must be between 0 and 4294967295; got " + seed + ".");
    }
    int fps = optionalInt(parameters, "fps", VEO_FPS);
    if (fps != VEO_FPS) {
      throw GoogleApiError.invalidArgument("Unsupported fps " + fps + ", supported fps are [24].");
    }
    String storageUri = optionalString(parameters, "storageUri", "parameters");
    if (storageUri != null) {
      if (!GCS_URI.matcher(storageUri).matches()) {
        throw GoogleApiError.invalidArgument("storageUri must be a Cloud Storage URI like gs://bucket/prefix/; got \""
            + storageUri + "\".");
      }
      storageUri = storageUri.endsWith("/") ? storageUri : storageUri + "/";
    }
    List<String> references = new java.util.ArrayList<>();
    if (hasReferences) {
      instance.get("referenceImages").forEach(r -> references.add(uriOf(r.get("image"))));
    }
    return new GenerationRequest(prompt, hasImage, sampleCount, duration, aspectRatio, resolution, storageUri,
        parameters == null ? "{}" : parameters.toString(), hasImage ? uriOf(instance.get("image")) : null,
        hasLastFrame ? uriOf(instance.get("lastFrame")) : null, references,
        hasVideo ? uriOf(instance.get("video")) : null, 0, instance.toString());
  }

  /** The gcsUri of a checked media object, or "(bytes)" for inline data. */
  private static String uriOf(JsonNode media) {
    JsonNode uri = media.get("gcsUri");
    return uri == null || uri.isNull() ? "(bytes)" : uri.asText();
  }

  /** {@code instances[0].video}: like an image, but an MP4 (the only container Veo extends). */
  private static void checkVideo(JsonNode media, String path) {
    MediaFields fields = MediaFields.of(media, path);
    String gcsUri = fields.gcsUri();
    String mimeType = fields.mimeType();
    if (mimeType != null && !VIDEO_MIME_TYPES.contains(mimeType)) {
      throw GoogleApiError.invalidArgument(path + ": unsupported video mime type \"" + mimeType
          + "\", supported are " + VIDEO_MIME_TYPES + ".");
    }
    if (gcsUri != null && !GCS_URI.matcher(gcsUri).matches()) {
      throw GoogleApiError.invalidArgument(path + ".gcsUri must be a gs:// URI; got \"" + gcsUri + "\".");
    }
  }

  private static void requireObject(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw GoogleApiError.invalidArgument("Invalid JSON payload received. "
          + (path.isEmpty() ? "The request body" : "'" + path + "'") + " must be a JSON object.");
    }
  }

  /** The wording Google's JSON front end uses for a field the schema does not have. */
  private static void rejectUnknown(JsonNode object, Set<String> known, String path) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw GoogleApiError.invalidArgument("Invalid JSON payload received. Unknown name \"" + name + "\""
            + (path.isEmpty() ? "" : " at '" + path + "'") + ": Cannot find field.");
      }
    }
  }

  private static GoogleApiError invalidValue(String path, String type, JsonNode value) {
    return GoogleApiError.invalidArgument("Invalid value at '" + path + "' (" + type + "), " + value);
  }

  private static String optionalString(JsonNode object, String field, String path) {
    JsonNode value = object == null ? null : object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalidValue(path + "." + field, "TYPE_STRING", value);
    }
    return value.asText();
  }

  private static int optionalInt(JsonNode object, String field, int fallback) {
    long value = optionalLong(object, field, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalidValue("parameters." + field, "TYPE_INT32", object.get(field));
    }
    return (int) value;
  }

  private static long optionalLong(JsonNode object, String field, long fallback) {
    JsonNode value = object == null ? null : object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e15) {
      return (long) value.asDouble();
    }
    throw invalidValue("parameters." + field, "TYPE_INT32", value);
  }

  private static void optionalBoolean(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    if (value != null && !value.isNull() && !value.isBoolean()) {
      throw invalidValue("parameters." + field, "TYPE_BOOL", value);
    }
  }

  private static String oneOf(JsonNode object, String field, List<String> allowed, String fallback,
      boolean ignoreCase) {
    String value = optionalString(object, field, "parameters");
    if (value == null) {
      return fallback;
    }
    String candidate = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    if (!allowed.contains(candidate)) {
      throw GoogleApiError.invalidArgument("Unsupported " + field + " \"" + value + "\", supported values are "
          + allowed + ".");
    }
    return candidate;
  }

  /** A media object's three fields, exactly one of bytes and gcsUri given: shared by images and videos. */
  private record MediaFields(String bytes, String gcsUri, String mimeType) {
    static MediaFields of(JsonNode media, String path) {
      requireObject(media, path);
      rejectUnknown(media, Set.of("bytesBase64Encoded", "gcsUri", "mimeType"), path);
      MediaFields fields = new MediaFields(optionalString(media, "bytesBase64Encoded", path),
          optionalString(media, "gcsUri", path), optionalString(media, "mimeType", path));
      if ((fields.bytes() == null) == (fields.gcsUri() == null)) {
        throw GoogleApiError.invalidArgument(path + " needs exactly one of bytesBase64Encoded or gcsUri.");
      }
      return fields;
    }
  }

  private static void checkMedia(JsonNode media, String path) {
    MediaFields fields = MediaFields.of(media, path);
    String bytes = fields.bytes();
    String gcsUri = fields.gcsUri();
    String mimeType = fields.mimeType();
    if (mimeType == null || mimeType.isEmpty()) {
      throw GoogleApiError.invalidArgument(path + ": image mime type is empty.");
    }
    if (!IMAGE_MIME_TYPES.contains(mimeType)) {
      throw GoogleApiError.invalidArgument(path + ": unsupported image mime type \"" + mimeType
          + "\", supported are " + IMAGE_MIME_TYPES.stream().sorted().toList() + ".");
    }
    if (bytes != null) {
      try {
        Base64.getDecoder().decode(bytes);
      } catch (IllegalArgumentException e) {
        throw GoogleApiError.invalidArgument(path + ".bytesBase64Encoded is not valid base64.");
      }
    }
    if (gcsUri != null && !GCS_URI.matcher(gcsUri).matches()) {
      throw GoogleApiError.invalidArgument(path + ".gcsUri must be a gs:// URI; got \"" + gcsUri + "\".");
    }
  }

  private static void checkReferenceImages(JsonNode references, boolean hasImage) {
    if (!references.isArray()) {
      throw invalidValue("instances[0].referenceImages", "TYPE_MESSAGE", references);
    }
    if (hasImage) {
      throw GoogleApiError.invalidArgument("Image and reference images cannot be both set.");
    }
    if (references.size() > 3) {
      throw GoogleApiError.invalidArgument("At most 3 reference images are supported; got "
          + references.size() + ".");
    }
    for (int i = 0; i < references.size(); i++) {
      String path = "instances[0].referenceImages[" + i + "]";
      JsonNode reference = references.get(i);
      requireObject(reference, path);
      rejectUnknown(reference, Set.of("image", "referenceType"), path);
      checkMedia(reference.get("image"), path + ".image");
      String type = optionalString(reference, "referenceType", path);
      if (!"asset".equals(type)) {
        throw GoogleApiError.invalidArgument(path + ".referenceType must be \"asset\"; got \"" + type + "\".");
      }
    }
  }

  private static void checkLabels(JsonNode labels) {
    if (!labels.isObject()) {
      throw invalidValue("labels", "TYPE_MESSAGE", labels);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (label.getValue().getNodeType() != JsonNodeType.STRING) {
        throw invalidValue("labels[" + label.getKey() + "]", "TYPE_STRING", label.getValue());
      }
    }
  }
}
