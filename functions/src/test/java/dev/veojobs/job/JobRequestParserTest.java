package dev.veojobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobRequestParserTest {

  private static Map<String, Object> body(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("prompt", "a cat surfing");
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> params(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static List<FieldViolation> violations(Map<String, Object> body) {
    return catchThrowableOfType(InvalidRequestException.class, () -> JobRequestParser.parse(body)).violations();
  }

  /** Issue 11 item 6: the caller picks its webhook events; by default the ending ones. */
  @Test
  void webhookEventsDefaultToTheEndingOnesAndMayBeChosen() {
    String hook = "https://hooks.example.com/veo";
    assertThat(JobRequestParser.parse(body("webhook_url", hook)).webhookEvents())
        .containsExactlyInAnyOrder(WebhookEvent.COMPLETED, WebhookEvent.FAILED, WebhookEvent.CANCELED);
    assertThat(JobRequestParser.parse(body("webhook_url", hook, "webhook_events", null)).webhookEvents())
        .isEqualTo(WebhookEvent.DEFAULT_SELECTION);
    assertThat(JobRequestParser.parse(body("webhook_url", hook, "webhook_events", List.of("started", "completed",
        "started"))).webhookEvents()).containsExactlyInAnyOrder(WebhookEvent.STARTED, WebhookEvent.COMPLETED);
  }

  @Test
  void unknownOrMalformedWebhookEventsAre400NamingTheField() {
    String hook = "https://hooks.example.com/veo";
    for (Object bad : List.of(List.of("finished"), List.of("completed", "job.completed"), List.of(), "completed",
        List.of(1), List.of("COMPLETED"))) {
      assertThat(violations(body("webhook_url", hook, "webhook_events", bad))).as(String.valueOf(bad))
          .extracting(FieldViolation::field).containsExactly("webhook_events");
    }
    assertThat(violations(body("webhook_events", List.of("completed")))).as("no webhook_url to send them to")
        .extracting(FieldViolation::field).containsExactly("webhook_events");
  }

  /** Requests from before the field keep their fingerprint, so their Idempotency-Keys still replay. */
  @Test
  void theDefaultWebhookEventsLeaveTheFingerprintAsItWas() {
    JobRequest before = JobRequestParser.parse(body("webhook_url", "https://hooks.example.com/veo"));
    JobRequest explicit = JobRequestParser.parse(body("webhook_url", "https://hooks.example.com/veo",
        "webhook_events", List.of("canceled", "failed", "completed")));
    assertThat(JobRequestParser.fingerprint(explicit)).isEqualTo(JobRequestParser.fingerprint(before));
  }

  @Test
  void aPromptAloneGetsEveryDefault() {
    JobRequest request = JobRequestParser.parse(body());

    assertThat(request.prompt()).isEqualTo("a cat surfing");
    assertThat(request.model()).isEqualTo("veo-3.1-fast-generate-001");
    assertThat(request.negativePrompt()).isNull();
    assertThat(request.image()).isNull();
    assertThat(request.nodeId()).isNull();
    assertThat(request.projectId()).isNull();
    assertThat(request.webhookUrl()).isNull();
    VideoParameters p = request.parameters();
    assertThat(p.durationSeconds()).isEqualTo(8);
    assertThat(p.aspectRatio()).isEqualTo("16:9");
    assertThat(p.resolution()).isEqualTo("720p");
    assertThat(p.sampleCount()).isEqualTo(1);
    assertThat(p.seed()).isNull();
    assertThat(p.generateAudio()).isFalse();
    assertThat(p.personGeneration()).isEqualTo("allow_adult");
    assertThat(p.enhancePrompt()).isTrue();
  }

  @Test
  void nullIsTheSameAsMissingEverywhere() {
    Map<String, Object> allNull = body("negative_prompt", null, "model", null, "image", null, "parameters", null,
        "node_id", null, "project_id", null, "webhook_url", null);
    Map<String, Object> nullParams = body("parameters", params("duration_seconds", null, "aspect_ratio", null,
        "resolution", null, "sample_count", null, "seed", null, "generate_audio", null,
        "person_generation", null, "enhance_prompt", null));

    JobRequest defaults = JobRequestParser.parse(body());
    assertThat(JobRequestParser.parse(allNull)).isEqualTo(defaults);
    assertThat(JobRequestParser.parse(nullParams)).isEqualTo(defaults);
    assertThat(JobRequestParser.parse(body("parameters", Map.of()))).isEqualTo(defaults);
  }

  @Test
  void everyFieldCanBeSet() {
    JobRequest request = JobRequestParser.parse(body(
        "prompt", "  a dog on a skateboard \n",
        "negative_prompt", "blurry",
        "model", "veo-3.1-generate-001",
        "image", params("gcs_uri", "gs://my-bucket/uploads/u/cat.png", "mime_type", "image/png"),
        "parameters", params("duration_seconds", 4, "aspect_ratio", "9:16", "resolution", "1080p",
            "sample_count", 4, "seed", 2147483647L, "generate_audio", true,
            "person_generation", "dont_allow", "enhance_prompt", false),
        "node_id", "Node_1-a",
        "project_id", "p-9",
        "webhook_url", "https://hooks.example.com/veo?x=1"));

    assertThat(request).isEqualTo(new JobRequest("a dog on a skateboard", "blurry", "veo-3.1-generate-001",
        new ImageInput("gs://my-bucket/uploads/u/cat.png", "image/png"),
        new VideoParameters(4, "9:16", "1080p", 4, 2147483647L, true, "dont_allow", false),
        "Node_1-a", "p-9", "https://hooks.example.com/veo?x=1"));
  }

  @Test
  void jsonIntegersOfAnyWidthAreAccepted() {
    assertThat(JobRequestParser.parse(body("parameters", params("duration_seconds", 6L))).parameters().durationSeconds())
        .isEqualTo(6);
    assertThat(JobRequestParser.parse(body("parameters", params("seed", BigInteger.valueOf(42)))).parameters().seed())
        .isEqualTo(42L);
    assertThat(JobRequestParser.parse(body("parameters", params("seed", 0))).parameters().seed()).isZero();
  }

  @Test
  void unknownFieldsAreRejectedAtEveryLevelWithTheirPath() {
    List<FieldViolation> found = violations(body(
        "duration", 8,
        "parameters", params("fps", 24),
        "image", params("gcs_uri", "gs://bkt/x.png", "mime_type", "image/png", "bytes", "AAAA")));

    assertThat(found).containsExactlyInAnyOrder(
        new FieldViolation("duration", "unknown field"),
        new FieldViolation("parameters.fps", "unknown field"),
        new FieldViolation("image.bytes", "unknown field"));
  }

  static List<Arguments> wrongTypes() {
    return List.of(
        Arguments.of(body("prompt", 42), "prompt", "must be a string"),
        Arguments.of(body("model", true), "model", "must be a string"),
        Arguments.of(body("negative_prompt", List.of("x")), "negative_prompt", "must be a string"),
        Arguments.of(body("node_id", 7), "node_id", "must be a string"),
        Arguments.of(body("parameters", "8s"), "parameters", "must be an object"),
        Arguments.of(body("image", "gs://b/x.png"), "image", "must be an object"),
        Arguments.of(body("parameters", params("duration_seconds", "8")), "parameters.duration_seconds",
            "must be an integer"),
        Arguments.of(body("parameters", params("duration_seconds", 8.0)), "parameters.duration_seconds",
            "must be an integer"),
        Arguments.of(body("parameters", params("sample_count", new BigDecimal("2"))), "parameters.sample_count",
            "must be an integer"),
        Arguments.of(body("parameters", params("seed", 1.5)), "parameters.seed", "must be an integer"),
        Arguments.of(body("parameters", params("generate_audio", "true")), "parameters.generate_audio",
            "must be a boolean"),
        Arguments.of(body("parameters", params("enhance_prompt", 1)), "parameters.enhance_prompt",
            "must be a boolean"),
        Arguments.of(body("image", params("gcs_uri", 5, "mime_type", "image/png")), "image.gcs_uri",
            "must be a string"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void wrongTypesNameTheExpectedType(Map<String, Object> body, String field, String reason) {
    assertThat(violations(body)).containsExactly(new FieldViolation(field, reason));
  }

  static List<Arguments> outOfRange() {
    String longText = "x".repeat(2001);
    return List.of(
        Arguments.of(body("model", "veo-3.0-generate-001"), "model",
            "must be one of veo-3.1-generate-001, veo-3.1-fast-generate-001"),
        Arguments.of(body("parameters", params("duration_seconds", 5)), "parameters.duration_seconds",
            "must be one of 4, 6, 8"),
        Arguments.of(body("parameters", params("duration_seconds", new BigInteger("99999999999999999999"))),
            "parameters.duration_seconds", "must be one of 4, 6, 8"),
        Arguments.of(body("parameters", params("aspect_ratio", "1:1")), "parameters.aspect_ratio",
            "must be one of 16:9, 9:16"),
        Arguments.of(body("parameters", params("resolution", "4k")), "parameters.resolution",
            "must be one of 720p, 1080p"),
        Arguments.of(body("parameters", params("sample_count", 0)), "parameters.sample_count",
            "must be between 1 and 4"),
        Arguments.of(body("parameters", params("sample_count", 5)), "parameters.sample_count",
            "must be between 1 and 4"),
        Arguments.of(body("parameters", params("seed", -1)), "parameters.seed", "must be between 0 and 2147483647"),
        Arguments.of(body("parameters", params("seed", 2147483648L)), "parameters.seed",
            "must be between 0 and 2147483647"),
        Arguments.of(body("parameters", params("person_generation", "allow_all")), "parameters.person_generation",
            "must be one of dont_allow, allow_adult"),
        Arguments.of(body("prompt", "   "), "prompt", "must not be blank"),
        Arguments.of(body("prompt", longText), "prompt", "must be at most 2000 characters"),
        Arguments.of(body("negative_prompt", longText), "negative_prompt", "must be at most 2000 characters"),
        Arguments.of(body("node_id", "a/b"), "node_id", "must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -"),
        Arguments.of(body("node_id", ""), "node_id", "must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -"),
        Arguments.of(body("project_id", "p".repeat(129)), "project_id",
            "must be 1 to 128 characters of A-Z, a-z, 0-9, _ and -"),
        Arguments.of(body("image", params("gcs_uri", "https://x/y.png", "mime_type", "image/png")), "image.gcs_uri",
            "must be a gs://bucket/object URI"),
        Arguments.of(body("image", params("gcs_uri", "gs://bucket-only", "mime_type", "image/png")), "image.gcs_uri",
            "must be a gs://bucket/object URI"),
        Arguments.of(body("image", params("gcs_uri", "gs://bkt/x.gif", "mime_type", "image/gif")), "image.mime_type",
            "must be one of image/png, image/jpeg"),
        Arguments.of(body("image", params("gcs_uri", "gs://bkt/x.png")), "image.mime_type", "is required"),
        Arguments.of(body("image", params("mime_type", "image/png")), "image.gcs_uri", "is required"),
        Arguments.of(body("webhook_url", "http://127.0.0.2/x"), "webhook_url",
            "must be an absolute https URL without credentials"),
        Arguments.of(body("webhook_url", "http://hooks.example.com/x"), "webhook_url",
            "must be an absolute https URL without credentials"),
        Arguments.of(body("webhook_url", "https://user:pw@hooks.example.com/x"), "webhook_url",
            "must be an absolute https URL without credentials"),
        Arguments.of(body("webhook_url", "not a url"), "webhook_url",
            "must be an absolute https URL without credentials"),
        Arguments.of(body("webhook_url", "https://h.example.com/" + "a".repeat(2048)), "webhook_url",
            "must be at most 2048 characters"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void outOfRangeValuesSayWhatIsAllowed(Map<String, Object> body, String field, String reason) {
    assertThat(violations(body)).containsExactly(new FieldViolation(field, reason));
  }

  @Test
  void aMissingPromptIsRequired() {
    Map<String, Object> noPrompt = new HashMap<>(body());
    noPrompt.remove("prompt");
    assertThat(violations(noPrompt)).containsExactly(new FieldViolation("prompt", "is required"));
    assertThat(violations(body("prompt", null))).containsExactly(new FieldViolation("prompt", "is required"));
  }

  @Test
  void promptLengthCountsCharactersNotUtf16Units() {
    String emojis = "🎬".repeat(2000);
    assertThat(JobRequestParser.parse(body("prompt", emojis)).prompt()).isEqualTo(emojis);
  }

  @Test
  void aBlankNegativePromptMeansNone() {
    assertThat(JobRequestParser.parse(body("negative_prompt", "  ")).negativePrompt()).isNull();
  }

  @Test
  void everyViolationIsCollectedNotJustTheFirst() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("prompt", "");
    bad.put("model", "veo-2");
    bad.put("parameters", params("duration_seconds", 10, "resolution", 1080, "sample_count", 9, "color", "red"));
    bad.put("webhook_url", "ftp://x");
    bad.put("extra", true);

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> JobRequestParser.parse(bad));

    assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder(
        "prompt", "model", "parameters.duration_seconds", "parameters.resolution", "parameters.sample_count",
        "parameters.color", "webhook_url", "extra");
  }

  @Test
  void aMissingBodyIsRejected() {
    assertThatThrownBy(() -> JobRequestParser.parse(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void theFingerprintIgnoresSpelledOutDefaultsAndFieldOrder() {
    JobRequest implicit = JobRequestParser.parse(body());
    JobRequest explicit = JobRequestParser.parse(body("parameters", params("enhance_prompt", true,
        "duration_seconds", 8, "resolution", "720p"), "model", "veo-3.1-fast-generate-001"));

    assertThat(JobRequestParser.fingerprint(explicit)).isEqualTo(JobRequestParser.fingerprint(implicit))
        .matches("[0-9a-f]{64}");
  }

  /**
   * Every field set, so that each one can be changed, and each nullable one dropped, on its own; no
   * value is its default, since a dropped model or parameters reads as the defaults.
   */
  private static final JobRequest FULL = new JobRequest("a cat surfing", "blurry", "veo-3.1-generate-001",
      new ImageInput("gs://bucket/uploads/uid/0123456789abcdef0123456789abcdef.png", "image/png"),
      new ImageInput("gs://bucket/uploads/uid/11111111111111111111111111111111.png", "image/png"),
      List.of(new ReferenceImage("gs://bucket/uploads/uid/22222222222222222222222222222222.jpg", "image/jpeg", "asset")),
      new VideoExtension("source-1", "gs://bucket/videos/uid/source-1.mp4", 8),
      new VideoParameters(6, "9:16", "1080p", 2, 7L, true, "dont_allow", false),
      "node-1", "project-1", "https://example.com/hook",
      java.util.EnumSet.of(WebhookEvent.STARTED, WebhookEvent.COMPLETED));

  /**
   * A retry with the same Idempotency-Key is a replay only if its fingerprint matches, so a request
   * that differs in any field must have another fingerprint, or it would get the first job (with
   * the first model, webhook URL, node…) instead of a 409. The fields come from the records'
   * components, so a field added later is covered without touching this test.
   */
  @Test
  void theFingerprintChangesWithEveryFieldOfTheRequest() {
    String base = JobRequestParser.fingerprint(FULL);
    Map<String, JobRequest> variants = RecordVariants.of(FULL);

    assertThat(variants.keySet()).as("fields found by reflection").contains(
        "prompt", "model", "webhookUrl", "nodeId", "projectId", "image=null", "image.gcsUri", "image.mimeType",
        "parameters.seed", "parameters.generateAudio", "parameters.personGeneration", "parameters.enhancePrompt",
        "lastFrame.gcsUri", "lastFrame=null", "referenceImages[0].referenceType", "referenceImages+1",
        "referenceImages=empty", "extendFrom.sourceJobId", "extendFrom.sourceSeconds", "extendFrom=null");
    variants.forEach((field, variant) ->
        assertThat(JobRequestParser.fingerprint(variant)).as("a request with another " + field).isNotEqualTo(base));
    assertThat(variants.values().stream().map(JobRequestParser::fingerprint).distinct())
        .as("no two one-field changes collide").hasSize(variants.size());
  }

  @Test
  void theFingerprintCannotBeFooledByMovingTextBetweenFields() {
    JobRequest a = JobRequestParser.parse(body("prompt", "ab", "negative_prompt", "c"));
    JobRequest b = JobRequestParser.parse(body("prompt", "a", "negative_prompt", "bc"));
    assertThat(JobRequestParser.fingerprint(a)).isNotEqualTo(JobRequestParser.fingerprint(b));
  }
  @Test
  void anImageUriAndAWebhookUrlMayBeExactlyAsLongAsTheLimit() {
    String uri = "gs://bkt/" + "x".repeat(VeoLimits.MAX_GCS_URI_LENGTH - "gs://bkt/".length());
    String url = "https://h.example.com/" + "a".repeat(VeoLimits.MAX_WEBHOOK_URL_LENGTH - "https://h.example.com/".length());

    JobRequest request = JobRequestParser.parse(body("image", params("gcs_uri", uri, "mime_type", "image/png"),
        "webhook_url", url));

    assertThat(request.image().gcsUri()).isEqualTo(uri);
    assertThat(request.webhookUrl()).isEqualTo(url);
    assertThat(violations(body("image", params("gcs_uri", uri + "x", "mime_type", "image/png"))))
        .containsExactly(new FieldViolation("image.gcs_uri", "must be a gs://bucket/object URI"));
  }

  @Test
  void aWebhookUrlNeedsASchemeAndAHost() {
    for (String url : List.of("hooks.example.com/x", "https:hooks.example.com", "https:///x")) {
      assertThat(violations(body("webhook_url", url))).as(url)
          .containsExactly(new FieldViolation("webhook_url", "must be an absolute https URL without credentials"));
    }
    assertThat(JobRequestParser.parse(body("webhook_url", "HTTPS://hooks.example.com/x")).webhookUrl())
        .as("the scheme is case-insensitive").isEqualTo("HTTPS://hooks.example.com/x");
    assertThat(JobRequestParser.parse(body("webhook_url", "http://localhost:8080/x")).webhookUrl())
        .as("plain http for a loopback receiver is a shape the URL policy decides on").isEqualTo("http://localhost:8080/x");
  }
}
