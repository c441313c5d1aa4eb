package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veojobs.job.VeoLimits;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API document is what product teams generate clients from; the validator is {@link
 * VeoLimits}. A system this replaces broke because its model and its schema disagreed, so every
 * value the document states about a create request is checked against the one table here.
 */
class OpenApiAgreesWithVeoLimitsTest {
  private static Schema<?> request;
  private static Schema<?> parameters;

  @BeforeAll
  static void readTheDocument() {
    OpenAPI api = new OpenAPIV3Parser().read("src/main/resources/openapi/jobs-api.yaml");
    request = api.getComponents().getSchemas().get("CreateJobRequest");
    parameters = property(request, "parameters");
  }

  @Test
  void modelsAndTheDefaultModelAgree() {
    Schema<?> model = property(request, "model");
    assertThat(values(model)).containsExactlyInAnyOrderElementsOf(VeoLimits.MODELS);
    assertThat(model.getDefault()).isEqualTo(VeoLimits.DEFAULT_MODEL);
  }

  @Test
  void enumeratedParametersAndTheirDefaultsAgree() {
    assertThat(values(property(parameters, "duration_seconds")))
        .containsExactlyInAnyOrderElementsOf(VeoLimits.DURATIONS_SECONDS.stream().map(Object::toString).toList());
    assertThat(String.valueOf(property(parameters, "duration_seconds").getDefault()))
        .isEqualTo(String.valueOf(VeoLimits.DEFAULT_DURATION_SECONDS));
    assertThat(values(property(parameters, "aspect_ratio"))).containsExactlyInAnyOrderElementsOf(VeoLimits.ASPECT_RATIOS);
    assertThat(property(parameters, "aspect_ratio").getDefault()).isEqualTo(VeoLimits.DEFAULT_ASPECT_RATIO);
    assertThat(values(property(parameters, "resolution"))).containsExactlyInAnyOrderElementsOf(VeoLimits.RESOLUTIONS);
    assertThat(property(parameters, "resolution").getDefault()).isEqualTo(VeoLimits.DEFAULT_RESOLUTION);
    assertThat(values(property(parameters, "person_generation")))
        .containsExactlyInAnyOrderElementsOf(VeoLimits.PERSON_GENERATION);
    assertThat(property(parameters, "person_generation").getDefault()).isEqualTo(VeoLimits.DEFAULT_PERSON_GENERATION);
    assertThat(property(parameters, "generate_audio").getDefault()).isEqualTo(VeoLimits.DEFAULT_GENERATE_AUDIO);
    assertThat(property(parameters, "enhance_prompt").getDefault()).isEqualTo(VeoLimits.DEFAULT_ENHANCE_PROMPT);
  }

  @Test
  void numericRangesAgree() {
    Schema<?> samples = property(parameters, "sample_count");
    assertThat(samples.getMinimum()).isEqualByComparingTo(BigDecimal.valueOf(VeoLimits.MIN_SAMPLE_COUNT));
    assertThat(samples.getMaximum()).isEqualByComparingTo(BigDecimal.valueOf(VeoLimits.MAX_SAMPLE_COUNT));
    assertThat(String.valueOf(samples.getDefault())).isEqualTo(String.valueOf(VeoLimits.DEFAULT_SAMPLE_COUNT));
    Schema<?> seed = property(parameters, "seed");
    assertThat(seed.getMinimum()).isEqualByComparingTo(BigDecimal.valueOf(VeoLimits.MIN_SEED));
    assertThat(seed.getMaximum()).isEqualByComparingTo(BigDecimal.valueOf(VeoLimits.MAX_SEED));
  }

  @Test
  void lengthsAndInputTypesAgree() {
    assertThat(property(request, "prompt").getMaxLength()).isEqualTo(VeoLimits.MAX_PROMPT_LENGTH);
    assertThat(property(request, "negative_prompt").getMaxLength()).isEqualTo(VeoLimits.MAX_NEGATIVE_PROMPT_LENGTH);
    assertThat(property(request, "node_id").getMaxLength()).isEqualTo(VeoLimits.MAX_ID_LENGTH);
    assertThat(property(request, "project_id").getMaxLength()).isEqualTo(VeoLimits.MAX_ID_LENGTH);
    assertThat(values(property(property(request, "image"), "mime_type")))
        .containsExactlyInAnyOrderElementsOf(VeoLimits.IMAGE_MIME_TYPES);
  }

  @Test
  void theVeo31InputsAgree() {
    assertThat(values(property(property(request, "last_frame"), "mime_type")))
        .containsExactlyInAnyOrderElementsOf(VeoLimits.IMAGE_MIME_TYPES);
    Schema<?> references = property(request, "reference_images");
    assertThat(references.getMaxItems()).isEqualTo(VeoLimits.MAX_REFERENCE_IMAGES);
    Schema<?> reference = references.getItems();
    assertThat(values(property(reference, "reference_type"))).containsExactlyInAnyOrderElementsOf(VeoLimits.REFERENCE_TYPES);
    assertThat(property(reference, "reference_type").getDefault()).isEqualTo(VeoLimits.DEFAULT_REFERENCE_TYPE);
    assertThat(values(property(reference, "mime_type"))).containsExactlyInAnyOrderElementsOf(VeoLimits.IMAGE_MIME_TYPES);
    assertThat(property(request, "extend_from_job_id").getMaxLength()).isEqualTo(VeoLimits.MAX_ID_LENGTH);
  }

  private static Schema<?> property(Schema<?> schema, String name) {
    Schema<?> found = schema.getProperties().get(name);
    assertThat(found).as("property %s in the OpenAPI document", name).isNotNull();
    return found;
  }

  /** The enum values as strings, without the null that marks a nullable field. */
  private static List<String> values(Schema<?> schema) {
    assertThat(schema.getEnum()).as("enum of %s", schema.getName()).isNotNull();
    return schema.getEnum().stream().filter(Objects::nonNull).map(Object::toString).toList();
  }
}
