package dev.veojobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * First and last frame, reference images and extensions: every combination Veo refuses is a 400
 * naming the field, decided from {@link VeoLimits} before anything is paid for.
 */
class VeoInputCombinationsTest {
  private static final String FIRST = "gs://bkt/uploads/u/00000000000000000000000000000001.png";
  private static final String LAST = "gs://bkt/uploads/u/00000000000000000000000000000002.png";
  private static final ExtensionSource SOURCE =
      new ExtensionSource("src1", "veo-3.1-generate-001", "9:16", 8, "gs://bkt/videos/u/src1.mp4", "node-7", "proj-7");

  private static Map<String, Object> body(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("prompt", "a cat surfing");
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> image(String uri) {
    return Map.of("gcs_uri", uri, "mime_type", "image/png");
  }

  private static Map<String, Object> reference(String uri) {
    return Map.of("gcs_uri", uri, "mime_type", "image/png", "reference_type", "asset");
  }

  private static List<FieldViolation> violations(Map<String, Object> body) {
    return violations(body, ExtensionSources.NONE);
  }

  private static List<FieldViolation> violations(Map<String, Object> body, ExtensionSources sources) {
    return catchThrowableOfType(InvalidRequestException.class, () -> JobRequestParser.parse(body, sources)).violations();
  }

  private static ExtensionSources only(ExtensionSource source) {
    return id -> {
      if (id.equals(source.jobId())) {
        return source;
      }
      throw new IllegalStateException("no job " + id);
    };
  }

  @Test
  void aFirstAndALastFrameAreKept() {
    JobRequest request = JobRequestParser.parse(body("image", image(FIRST), "last_frame", image(LAST)));

    assertThat(request.image().gcsUri()).isEqualTo(FIRST);
    assertThat(request.lastFrame()).isEqualTo(new ImageInput(LAST, "image/png"));
    assertThat(request.inputImages()).extracting(ImageInput::gcsUri).containsExactly(FIRST, LAST);
  }

  @Test
  void aLastFrameWithoutAFirstFrameIsRefused() {
    assertThat(violations(body("last_frame", image(LAST))))
        .containsExactly(new FieldViolation("last_frame",
            "needs image as the first frame (Veo interpolates from image to last_frame)"));
  }

  @Test
  void aLastFrameIsCheckedLikeAnImage() {
    assertThat(violations(body("image", image(FIRST), "last_frame", Map.of("gcs_uri", "http://x", "size", 1))))
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("last_frame.size", "last_frame.gcs_uri", "last_frame.mime_type");
  }

  @Test
  void referenceImagesAreKeptWithTheirTypeAssetByDefault() {
    JobRequest request = JobRequestParser.parse(body("model", "veo-3.1-generate-001",
        "reference_images", List.of(reference(FIRST), Map.of("gcs_uri", LAST, "mime_type", "image/png"))));

    assertThat(request.referenceImages()).containsExactly(
        new ReferenceImage(FIRST, "image/png", "asset"), new ReferenceImage(LAST, "image/png", "asset"));
  }

  @Test
  void anEmptyOrNullListOfReferencesMeansNone() {
    Map<String, Object> withNull = body();
    withNull.put("reference_images", null);
    assertThat(JobRequestParser.parse(body("reference_images", List.of())).referenceImages()).isEmpty();
    assertThat(JobRequestParser.parse(withNull).referenceImages()).isEmpty();
  }

  @Test
  void moreReferencesThanTheModelTakesAreRefused() {
    assertThat(violations(body("model", "veo-3.1-generate-001",
        "reference_images", List.of(reference(FIRST), reference(FIRST), reference(LAST), reference(LAST)))))
        .containsExactly(new FieldViolation("reference_images", "must hold at most 3 images"));
  }

  @Test
  void referencesOnAModelWithoutThemAreRefusedNamingTheField() {
    assertThat(violations(body("model", "veo-3.1-fast-generate-001", "reference_images", List.of(reference(FIRST)))))
        .containsExactly(new FieldViolation("reference_images",
            "are supported only by veo-3.1-generate-001; set model to one of them"));
  }

  @Test
  void referencesTogetherWithAFrameAreRefused() {
    assertThat(violations(body("model", "veo-3.1-generate-001", "image", image(FIRST),
        "reference_images", List.of(reference(LAST)))))
        .extracting(FieldViolation::field).containsExactly("reference_images");
  }

  @Test
  void referencesTakeOnlyEightSecondsSixteenByNineAndTheAssetType() {
    List<FieldViolation> found = violations(body("model", "veo-3.1-generate-001",
        "parameters", Map.of("duration_seconds", 4, "aspect_ratio", "9:16"),
        "reference_images", List.of(Map.of("gcs_uri", FIRST, "mime_type", "image/png", "reference_type", "style"))));

    assertThat(found).containsExactlyInAnyOrder(
        new FieldViolation("reference_images[0].reference_type", "must be one of asset"),
        new FieldViolation("parameters.duration_seconds", "must be 8 with reference_images"),
        new FieldViolation("parameters.aspect_ratio", "must be 16:9 with reference_images"));
  }

  @Test
  void aReferenceThatIsNotAnObjectIsNamedByItsIndex() {
    assertThat(violations(body("model", "veo-3.1-generate-001", "reference_images", List.of(reference(FIRST), "x"))))
        .containsExactly(new FieldViolation("reference_images[1]", "must be an object"));
    assertThat(violations(body("reference_images", "x")))
        .containsExactly(new FieldViolation("reference_images", "must be an array"));
  }

  @Test
  void anExtensionInheritsModelAspectNodeAndProjectAndIsSevenSecondsAt720p() {
    JobRequest request = JobRequestParser.parse(body("extend_from_job_id", "src1"), only(SOURCE));

    assertThat(request.extendFrom()).isEqualTo(new VideoExtension("src1", "gs://bkt/videos/u/src1.mp4", 8));
    assertThat(request.sourceJobId()).isEqualTo("src1");
    assertThat(request.model()).isEqualTo("veo-3.1-generate-001");
    assertThat(request.parameters().aspectRatio()).isEqualTo("9:16");
    assertThat(request.parameters().durationSeconds()).isEqualTo(VeoLimits.EXTENSION_SECONDS);
    assertThat(request.parameters().resolution()).isEqualTo("720p");
    assertThat(request.nodeId()).isEqualTo("node-7");
    assertThat(request.projectId()).isEqualTo("proj-7");
    assertThat(request.videoSeconds()).isEqualTo(15);
  }

  @Test
  void anExtensionMayMoveToAnotherNodeOrModel() {
    JobRequest request = JobRequestParser.parse(
        body("extend_from_job_id", "src1", "node_id", "node-8", "model", "veo-3.1-fast-generate-001"), only(SOURCE));

    assertThat(request.nodeId()).isEqualTo("node-8");
    assertThat(request.model()).isEqualTo("veo-3.1-fast-generate-001");
  }

  @Test
  void anExtensionRefusesWhatVeoCannotProduce() {
    List<FieldViolation> found = violations(body("extend_from_job_id", "src1",
        "parameters", Map.of("duration_seconds", 8, "resolution", "1080p", "aspect_ratio", "16:9")), only(SOURCE));

    assertThat(found).containsExactlyInAnyOrder(
        new FieldViolation("parameters.duration_seconds", "cannot be set for an extension: Veo adds 7 seconds"),
        new FieldViolation("parameters.resolution", "must be 720p for an extension (Veo extends at 720p only)"),
        new FieldViolation("parameters.aspect_ratio", "must be the source video's 9:16 for an extension"));
  }

  @Test
  void anExtensionCannotAlsoTakeImages() {
    assertThat(violations(body("extend_from_job_id", "src1", "image", image(FIRST)), only(SOURCE)))
        .containsExactly(new FieldViolation("extend_from_job_id",
            "cannot be combined with image, last_frame or reference_images"));
  }

  @Test
  void aSourceLongerThanVeoExtendsIsRefused() {
    ExtensionSource long29 = new ExtensionSource("src1", "veo-3.1-generate-001", "16:9", 29, "gs://bkt/v.mp4", null, null);
    ExtensionSource long36 = new ExtensionSource("src1", "veo-3.1-generate-001", "16:9", 36, "gs://bkt/v.mp4", null, null);

    assertThat(JobRequestParser.parse(body("extend_from_job_id", "src1"), only(long29)).videoSeconds()).isEqualTo(36);
    assertThat(violations(body("extend_from_job_id", "src1"), only(long36)))
        .containsExactly(new FieldViolation("extend_from_job_id",
            "names a 36 s video; Veo extends videos of 1 to 30 seconds"));
  }

  @Test
  void withoutAStoreAnExtensionNamesNoJob() {
    assertThatThrownBy(() -> JobRequestParser.parse(body("extend_from_job_id", "src1")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("extend_from_job_id");
  }

  @Test
  void whatTheSourceLookupThrowsIsPassedOn() {
    assertThatThrownBy(() -> JobRequestParser.parse(body("extend_from_job_id", "other"), only(SOURCE)))
        .isInstanceOf(IllegalStateException.class).hasMessage("no job other");
  }
}
