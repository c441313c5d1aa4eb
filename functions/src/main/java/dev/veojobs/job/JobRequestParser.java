package dev.veojobs.job;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a create body, as a generic JSON parser produced it (String, Boolean, Integer, Long,
 * BigInteger, Double, BigDecimal, List, Map, null), into a {@link JobRequest} with every default
 * applied, or rejects it with every violation found.
 *
 * <p>Rules, all from {@link VeoLimits}: {@code null} means the same as a missing field, everywhere
 * (including {@code "parameters": null} and {@code "image": null}); unknown fields are rejected so a
 * typo like {@code duration} never silently becomes the default; integers must be JSON integers —
 * {@code 8.0} is rejected rather than guessed at, because Veo takes whole seconds only.
 */
public final class JobRequestParser {
  private JobRequestParser() {}

  private static final Set<String> TOP_LEVEL = Set.of(
      "prompt", "negative_prompt", "model", "image", "last_frame", "reference_images", "extend_from_job_id",
      "parameters", "node_id", "project_id", "webhook_url", "webhook_events");
  private static final Set<String> PARAMETERS = Set.of(
      "duration_seconds", "aspect_ratio", "resolution", "sample_count", "seed",
      "generate_audio", "person_generation", "enhance_prompt");
  private static final Set<String> IMAGE = Set.of("gcs_uri", "mime_type");
  private static final Set<String> REFERENCE_IMAGE = Set.of("gcs_uri", "mime_type", "reference_type");

  /** gs://bucket/object with a bucket name as Cloud Storage allows it. */
  private static final Pattern GCS_URI = Pattern.compile("gs://[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]/\\S+");

  /**
   * Parses and validates a create body that may not extend another job.
   *
   * @throws InvalidRequestException with one violation per bad field, named by its JSON path
   */
  public static JobRequest parse(Map<String, ?> body) {
    return parse(body, ExtensionSources.NONE);
  }

  /**
   * Parses and validates a create body. Every combination Veo refuses (see {@link VeoLimits}) is a
   * violation naming the field, so no paid call is made for a request Veo would reject.
   *
   * @param sources finds the job {@code extend_from_job_id} names; what it throws (not found, not
   *     finished) is passed on unchanged
   * @throws InvalidRequestException with one violation per bad field, named by its JSON path
   */
  public static JobRequest parse(Map<String, ?> body, ExtensionSources sources) {
    if (body == null) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    Fields top = new Fields("", body);
    top.rejectUnknown(TOP_LEVEL);

    String extendFromId = top.identifier("extend_from_job_id");
    ExtensionSource source = extendFromId == null ? null : sources.find(extendFromId);
    String prompt = top.requiredText("prompt", VeoLimits.MAX_PROMPT_LENGTH);
    String negativePrompt = top.optionalText("negative_prompt", VeoLimits.MAX_NEGATIVE_PROMPT_LENGTH);
    String model = top.oneOf("model", VeoLimits.MODELS, source != null ? source.model() : VeoLimits.DEFAULT_MODEL);
    ImageInput image = parseImage(top, "image");
    ImageInput lastFrame = parseImage(top, "last_frame");
    List<ReferenceImage> references = parseReferences(top);
    VideoParameters parameters = parseParameters(top, source, !references.isEmpty());
    String nodeId = top.identifier("node_id");
    String projectId = top.identifier("project_id");
    String webhookUrl = top.webhookUrl("webhook_url");
    Set<WebhookEvent> webhookEvents = top.webhookEvents("webhook_events");
    if (webhookEvents != null && body.get("webhook_url") == null) {
      top.violation("webhook_events", "needs a webhook_url to send them to");
    }
    VideoExtension extendFrom = source == null ? null
        : new VideoExtension(source.jobId(), source.videoGcsUri(), source.videoSeconds());
    if (source != null) {
      // The extension continues the source's node, so the node mirror follows the newest job.
      nodeId = nodeId != null || top.has("node_id") ? nodeId : source.nodeId();
      projectId = projectId != null || top.has("project_id") ? projectId : source.projectId();
    }
    checkCombinations(top, model, image, lastFrame, references, extendFrom);

    if (!top.violations.isEmpty()) {
      throw new InvalidRequestException(top.violations);
    }
    return new JobRequest(prompt, negativePrompt, model, image, lastFrame, references, extendFrom, parameters,
        nodeId, projectId, webhookUrl, webhookEvents);
  }

  /** What one input allows depends on the others and on the model: all from {@link VeoLimits}. */
  private static void checkCombinations(Fields top, String model, ImageInput image, ImageInput lastFrame,
      List<ReferenceImage> references, VideoExtension extendFrom) {
    if (lastFrame != null && image == null && !top.has("image")) {
      top.violation("last_frame", "needs image as the first frame (Veo interpolates from image to last_frame)");
    }
    if (lastFrame != null && model != null && !VeoLimits.MODELS_WITH_LAST_FRAME.contains(model)) {
      top.violation("last_frame", "is not supported by " + model);
    }
    if (!references.isEmpty()) {
      if (image != null || lastFrame != null) {
        top.violation("reference_images", "cannot be combined with image or last_frame (Veo takes one or the other)");
      }
      if (references.size() > VeoLimits.MAX_REFERENCE_IMAGES) {
        top.violation("reference_images", "must hold at most " + VeoLimits.MAX_REFERENCE_IMAGES + " images");
      }
      if (model != null && !VeoLimits.MODELS_WITH_REFERENCE_IMAGES.contains(model)) {
        top.violation("reference_images", "are supported only by " + String.join(", ",
            VeoLimits.MODELS_WITH_REFERENCE_IMAGES) + "; set model to one of them");
      }
    }
    if (extendFrom != null) {
      if (image != null || lastFrame != null || !references.isEmpty()) {
        top.violation("extend_from_job_id", "cannot be combined with image, last_frame or reference_images");
      }
      if (model != null && !VeoLimits.MODELS_WITH_EXTENSION.contains(model)) {
        top.violation("model", model + " cannot extend a video");
      }
      int seconds = extendFrom.sourceSeconds();
      if (seconds < VeoLimits.MIN_EXTENSION_INPUT_SECONDS || seconds > VeoLimits.MAX_EXTENSION_INPUT_SECONDS) {
        top.violation("extend_from_job_id", "names a " + seconds + " s video; Veo extends videos of "
            + VeoLimits.MIN_EXTENSION_INPUT_SECONDS + " to " + VeoLimits.MAX_EXTENSION_INPUT_SECONDS + " seconds");
      }
    }
  }

  private static VideoParameters parseParameters(Fields top, ExtensionSource source, boolean references) {
    Fields p = top.object("parameters");
    if (p == null) {
      p = new Fields("parameters.", Map.of(), top.violations);
    }
    p.rejectUnknown(PARAMETERS);
    int duration;
    if (source != null) {
      if (p.has("duration_seconds")) {
        p.violation("duration_seconds", "cannot be set for an extension: Veo adds " + VeoLimits.EXTENSION_SECONDS
            + " seconds");
      }
      duration = VeoLimits.EXTENSION_SECONDS;
    } else {
      duration = p.integerOneOf("duration_seconds", VeoLimits.DURATIONS_SECONDS, VeoLimits.DEFAULT_DURATION_SECONDS);
    }
    String aspectRatio = p.oneOf("aspect_ratio", VeoLimits.ASPECT_RATIOS,
        source != null ? source.aspectRatio() : VeoLimits.DEFAULT_ASPECT_RATIO);
    String resolution = p.oneOf("resolution", VeoLimits.RESOLUTIONS, VeoLimits.DEFAULT_RESOLUTION);
    BigInteger samples = p.integerBetween("sample_count",
        VeoLimits.MIN_SAMPLE_COUNT, VeoLimits.MAX_SAMPLE_COUNT);
    BigInteger seed = p.integerBetween("seed", VeoLimits.MIN_SEED, VeoLimits.MAX_SEED);
    boolean audio = p.bool("generate_audio", VeoLimits.DEFAULT_GENERATE_AUDIO);
    String person = p.oneOf("person_generation", VeoLimits.PERSON_GENERATION, VeoLimits.DEFAULT_PERSON_GENERATION);
    boolean enhance = p.bool("enhance_prompt", VeoLimits.DEFAULT_ENHANCE_PROMPT);
    if (source != null) {
      if (resolution != null && !VeoLimits.EXTENSION_RESOLUTIONS.contains(resolution)) {
        p.violation("resolution", "must be " + String.join(" or ", VeoLimits.EXTENSION_RESOLUTIONS)
            + " for an extension (Veo extends at 720p only)");
      }
      if (aspectRatio != null && !aspectRatio.equals(source.aspectRatio())) {
        p.violation("aspect_ratio", "must be the source video's " + source.aspectRatio() + " for an extension");
      }
    }
    if (references) {
      if (!VeoLimits.REFERENCE_DURATIONS_SECONDS.contains(duration)) {
        p.violation("duration_seconds", "must be " + VeoLimits.REFERENCE_DURATIONS_SECONDS.stream()
            .map(String::valueOf).collect(Collectors.joining(" or ")) + " with reference_images");
      }
      if (aspectRatio != null && !VeoLimits.REFERENCE_ASPECT_RATIOS.contains(aspectRatio)) {
        p.violation("aspect_ratio", "must be " + String.join(" or ", VeoLimits.REFERENCE_ASPECT_RATIOS)
            + " with reference_images");
      }
    }
    return new VideoParameters(
        duration,
        aspectRatio,
        resolution,
        samples == null ? VeoLimits.DEFAULT_SAMPLE_COUNT : samples.intValueExact(),
        seed == null ? null : seed.longValueExact(),
        audio,
        person,
        enhance);
  }

  private static ImageInput parseImage(Fields top, String name) {
    Fields image = top.object(name);
    if (image == null) {
      return null;
    }
    image.rejectUnknown(IMAGE);
    String gcsUri = image.gcsUri("gcs_uri");
    String mimeType = image.requiredOneOf("mime_type", VeoLimits.IMAGE_MIME_TYPES);
    return new ImageInput(gcsUri, mimeType);
  }

  /** An absent, null or empty list means no references. */
  private static List<ReferenceImage> parseReferences(Fields top) {
    List<Fields> items = top.objects("reference_images");
    List<ReferenceImage> references = new ArrayList<>();
    for (Fields item : items) {
      item.rejectUnknown(REFERENCE_IMAGE);
      String gcsUri = item.gcsUri("gcs_uri");
      String mimeType = item.requiredOneOf("mime_type", VeoLimits.IMAGE_MIME_TYPES);
      String type = item.oneOf("reference_type", VeoLimits.REFERENCE_TYPES, VeoLimits.DEFAULT_REFERENCE_TYPE);
      references.add(new ReferenceImage(gcsUri, mimeType, type));
    }
    return references;
  }

  /**
   * SHA-256 (hex) of a canonical form of the request after defaults, so an idempotent retry that
   * spells a default out, or orders fields differently, still matches the original.
   */
  public static String fingerprint(JobRequest request) {
    StringBuilder canonical = new StringBuilder("veo-jobs/request/v1;");
    VideoParameters p = request.parameters();
    ImageInput image = request.image();
    append(canonical, "prompt", request.prompt());
    append(canonical, "negative_prompt", request.negativePrompt());
    append(canonical, "model", request.model());
    append(canonical, "image.gcs_uri", image == null ? null : image.gcsUri());
    append(canonical, "image.mime_type", image == null ? null : image.mimeType());
    ImageInput lastFrame = request.lastFrame();
    append(canonical, "last_frame.gcs_uri", lastFrame == null ? null : lastFrame.gcsUri());
    append(canonical, "last_frame.mime_type", lastFrame == null ? null : lastFrame.mimeType());
    append(canonical, "reference_images", String.valueOf(request.referenceImages().size()));
    for (ReferenceImage reference : request.referenceImages()) {
      append(canonical, "reference.gcs_uri", reference.gcsUri());
      append(canonical, "reference.mime_type", reference.mimeType());
      append(canonical, "reference.reference_type", reference.referenceType());
    }
    VideoExtension extension = request.extendFrom();
    append(canonical, "extend_from.job_id", extension == null ? null : extension.sourceJobId());
    append(canonical, "extend_from.video_gcs_uri", extension == null ? null : extension.videoGcsUri());
    append(canonical, "extend_from.source_seconds", extension == null ? null : String.valueOf(extension.sourceSeconds()));
    append(canonical, "duration_seconds", p == null ? null : String.valueOf(p.durationSeconds()));
    append(canonical, "aspect_ratio", p == null ? null : p.aspectRatio());
    append(canonical, "resolution", p == null ? null : p.resolution());
    append(canonical, "sample_count", p == null ? null : String.valueOf(p.sampleCount()));
    append(canonical, "seed", p == null || p.seed() == null ? null : String.valueOf(p.seed()));
    append(canonical, "generate_audio", p == null ? null : String.valueOf(p.generateAudio()));
    append(canonical, "person_generation", p == null ? null : p.personGeneration());
    append(canonical, "enhance_prompt", p == null ? null : String.valueOf(p.enhancePrompt()));
    append(canonical, "node_id", request.nodeId());
    append(canonical, "project_id", request.projectId());
    append(canonical, "webhook_url", request.webhookUrl());
    if (!request.webhookEvents().equals(WebhookEvent.DEFAULT_SELECTION)) {
      // Only a selection other than the default is added, so requests from before the field keep their fingerprint.
      append(canonical, "webhook_events", String.join(",",
          request.webhookEvents().stream().map(WebhookEvent::shortName).sorted().toList()));
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  /** Length-prefixed, so no value can imitate a field boundary. */
  private static void append(StringBuilder canonical, String name, String value) {
    canonical.append(name).append('=');
    if (value == null) {
      canonical.append('-');
    } else {
      canonical.append(value.length()).append(':').append(value);
    }
    canonical.append(';');
  }

  /** One JSON object being read, sharing the violation list of the whole request. */
  private static final class Fields {
    private final String prefix;
    private final Map<String, ?> values;
    private final List<FieldViolation> violations;

    Fields(String prefix, Map<String, ?> values) {
      this(prefix, values, new ArrayList<>());
    }

    private Fields(String prefix, Map<String, ?> values, List<FieldViolation> violations) {
      this.prefix = prefix;
      this.values = values;
      this.violations = violations;
    }

    private String path(String name) {
      return prefix + name;
    }

    private void violation(String name, String reason) {
      violations.add(new FieldViolation(path(name), reason));
    }

    /** Present with a non-null value. */
    boolean has(String name) {
      return values.get(name) != null;
    }

    /** The objects of a JSON array, each read with its index in the path; absent or null is empty. */
    List<Fields> objects(String name) {
      Object value = values.get(name);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        violation(name, "must be an array");
        return List.of();
      }
      List<Fields> items = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        String itemPath = path(name) + "[" + i + "]";
        if (item instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, ?> typed = (Map<String, ?>) map;
          items.add(new Fields(itemPath + ".", typed, violations));
        } else {
          violations.add(new FieldViolation(itemPath, "must be an object"));
        }
      }
      return items;
    }

    void rejectUnknown(Set<String> known) {
      for (Object key : values.keySet()) {
        if (!(key instanceof String name) || !known.contains(name)) {
          violations.add(new FieldViolation(prefix + key, "unknown field"));
        }
      }
    }

    /** The nested object, or null when absent; a non-object is a violation. */
    Fields object(String name) {
      Object value = values.get(name);
      if (value == null) {
        return null;
      }
      if (value instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> typed = (Map<String, ?>) map;
        return new Fields(path(name) + ".", typed, violations);
      }
      violation(name, "must be an object");
      return null;
    }

    /** The raw string, or null when absent or not a string (then a violation is recorded). */
    private String string(String name) {
      Object value = values.get(name);
      if (value == null) {
        return null;
      }
      if (value instanceof String s) {
        return s;
      }
      violation(name, "must be a string");
      return null;
    }

    String requiredText(String name, int maxLength) {
      if (values.get(name) == null) {
        violation(name, "is required");
        return null;
      }
      String raw = string(name);
      if (raw == null) {
        return null;
      }
      String text = raw.strip();
      if (text.isEmpty()) {
        violation(name, "must not be blank");
        return null;
      }
      return withinLength(name, text, maxLength);
    }

    /** Blank counts as absent: an empty negative prompt asks Veo for nothing. */
    String optionalText(String name, int maxLength) {
      String raw = string(name);
      if (raw == null) {
        return null;
      }
      String text = raw.strip();
      return text.isEmpty() ? null : withinLength(name, text, maxLength);
    }

    private String withinLength(String name, String text, int maxLength) {
      if (text.codePointCount(0, text.length()) > maxLength) {
        violation(name, "must be at most " + maxLength + " characters");
        return null;
      }
      return text;
    }

    String oneOf(String name, List<String> allowed, String defaultValue) {
      Object value = values.get(name);
      if (value == null) {
        return defaultValue;
      }
      String s = string(name);
      if (s == null) {
        return defaultValue;
      }
      if (!allowed.contains(s)) {
        violation(name, "must be one of " + String.join(", ", allowed));
        return defaultValue;
      }
      return s;
    }

    String requiredOneOf(String name, List<String> allowed) {
      if (values.get(name) == null) {
        violation(name, "is required");
        return null;
      }
      return oneOf(name, allowed, null);
    }

    /** JSON integers arrive as Integer, Long or BigInteger depending on size; nothing else is one. */
    private BigInteger integer(String name) {
      Object value = values.get(name);
      if (value == null) {
        return null;
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        return BigInteger.valueOf(((Number) value).longValue());
      }
      if (value instanceof BigInteger big) {
        return big;
      }
      violation(name, "must be an integer");
      return null;
    }

    int integerOneOf(String name, List<Integer> allowed, int defaultValue) {
      BigInteger value = integer(name);
      if (value == null) {
        return defaultValue;
      }
      for (int candidate : allowed) {
        if (value.equals(BigInteger.valueOf(candidate))) {
          return candidate;
        }
      }
      violation(name, "must be one of " + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      return defaultValue;
    }

    BigInteger integerBetween(String name, long min, long max) {
      BigInteger value = integer(name);
      if (value == null) {
        return null;
      }
      if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
        violation(name, "must be between " + min + " and " + max);
        return null;
      }
      return value;
    }

    boolean bool(String name, boolean defaultValue) {
      Object value = values.get(name);
      if (value == null) {
        return defaultValue;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      violation(name, "must be a boolean");
      return defaultValue;
    }

    String identifier(String name) {
      String s = string(name);
      if (s == null) {
        return null;
      }
      if (!VeoLimits.ID_PATTERN.matcher(s).matches()) {
        violation(name, "must be 1 to " + VeoLimits.MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9, _ and -");
        return null;
      }
      return s;
    }

    String gcsUri(String name) {
      if (values.get(name) == null) {
        violation(name, "is required");
        return null;
      }
      String s = string(name);
      if (s == null) {
        return null;
      }
      if (s.length() > VeoLimits.MAX_GCS_URI_LENGTH || !GCS_URI.matcher(s).matches()) {
        violation(name, "must be a gs://bucket/object URI");
        return null;
      }
      return s;
    }

    /**
     * Only the shape is checked here; where the URL may point is decided by the API's webhook URL
     * policy before this runs, and again at delivery. Plain http is a shape only a loopback receiver
     * may have (the policy refuses it unless the local allowlist is on).
     */
    private static final java.util.Set<String> LOOPBACK_HOSTS = java.util.Set.of("localhost", "127.0.0.1", "[::1]");

    /**
     * The webhook events a request selects: a non-empty array of {@code started}, {@code completed},
     * {@code failed}, {@code canceled}; null when absent (the default applies).
     */
    Set<WebhookEvent> webhookEvents(String name) {
      Object value = values.get(name);
      if (value == null) {
        return null;
      }
      String allowed = "must be a non-empty array of started, completed, failed, canceled";
      if (!(value instanceof List<?> items) || items.isEmpty()) {
        violation(name, allowed);
        return null;
      }
      java.util.EnumSet<WebhookEvent> events = java.util.EnumSet.noneOf(WebhookEvent.class);
      for (Object item : items) {
        java.util.Optional<WebhookEvent> event =
            item instanceof String s ? WebhookEvent.byShortName(s) : java.util.Optional.empty();
        if (event.isEmpty()) {
          violation(name, allowed);
          return null;
        }
        events.add(event.get());
      }
      return events;
    }

    String webhookUrl(String name) {
      String s = string(name);
      if (s == null) {
        return null;
      }
      if (s.length() > VeoLimits.MAX_WEBHOOK_URL_LENGTH) {
        violation(name, "must be at most " + VeoLimits.MAX_WEBHOOK_URL_LENGTH + " characters");
        return null;
      }
      try {
        URI uri = new URI(s);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && LOOPBACK_HOSTS.contains(String.valueOf(uri.getHost()));
        if (!(scheme.equals("https") || loopbackHttp) || uri.getHost() == null || uri.getRawUserInfo() != null) {
          violation(name, "must be an absolute https URL without credentials");
          return null;
        }
        return s;
      } catch (URISyntaxException e) {
        violation(name, "must be an absolute https URL without credentials");
        return null;
      }
    }
  }
}
