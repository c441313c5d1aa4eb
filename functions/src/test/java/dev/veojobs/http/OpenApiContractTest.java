package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract helper must be able to fail, or every test that relies on it proves nothing. */
class OpenApiContractTest {
  static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json; charset=utf-8"));
  static final String JOB = """
      {"id":"j1","status":"COMPLETED","stage":"DONE","progress":100,"model":"veo-3.1-fast-generate-001",
       "prompt":"a cat","parameters":{"duration_seconds":8,"aspect_ratio":"16:9","resolution":"720p",
       "sample_count":1,"seed":null,"generate_audio":false,"person_generation":"allow_adult","enhance_prompt":true},
       "node_id":null,"project_id":null,"video_url":"https://storage.example/v.mp4?X-Goog-Signature=ab",
       "video_url_expires_at":"2026-01-01T01:00:00Z","videos":[{"url":"https://storage.example/v.mp4?X-Goog-Signature=ab",
       "expires_at":"2026-01-01T01:00:00Z","width":1280,"height":720,"duration_seconds":8}],"error":null,
       "attempts":1,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:05:00Z",
       "started_at":"2026-01-01T00:00:01Z","completed_at":"2026-01-01T00:05:00Z","source_job_id":null}""";

  final OpenApiContract contract = OpenApiContract.jobsApi();

  @Test
  void acceptsADocumentedJob() {
    assertThat(contract.problems("GET", "/v1/jobs/j1", 200, JSON, JOB)).isEmpty();
    assertThat(contract.problems("POST", "/v1/jobs/j1:cancel", 200, JSON, JOB)).isEmpty();
  }

  @Test
  void rejectsFieldsTheDocumentDoesNotList() {
    String extra = JOB.replace("\"id\":\"j1\"", "\"id\":\"j1\",\"owner_uid\":\"alice\"");

    assertThat(contract.problems("GET", "/v1/jobs/j1", 200, JSON, extra)).isNotEmpty();
  }

  @Test
  void rejectsAGsUriAsVideoUrl() {
    String gs = JOB.replace("https://storage.example/v.mp4?X-Goog-Signature=ab", "gs://b/v.mp4");

    assertThat(contract.problems("GET", "/v1/jobs/j1", 200, JSON, gs)).isNotEmpty();
  }

  @Test
  void rejectsAnUndocumentedStatus() {
    assertThat(contract.problems("GET", "/v1/jobs/j1", 418, JSON, JOB)).isNotEmpty();
  }

  @Test
  void requiresRetryAfterOn429() {
    String error = "{\"error\":{\"code\":\"RESOURCE_EXHAUSTED\",\"message\":\"slow down\"}}";

    assertThat(contract.problems("POST", "/v1/jobs", 429, JSON, error)).isNotEmpty();
    assertThat(contract.problems("POST", "/v1/jobs", 429,
        Map.of("Content-Type", List.of("application/json"), "Retry-After", List.of("30")), error)).isEmpty();
  }

  @Test
  void undocumentedRoutesMustAnswerTheErrorShape() {
    String notFound = "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"No such route\"}}";

    assertThat(contract.problems("GET", "/v2/nothing", 404, JSON, notFound)).isEmpty();
    assertThat(contract.problems("GET", "/v2/nothing", 404, JSON, "{\"message\":\"nope\"}")).isNotEmpty();
    assertThat(contract.problems("GET", "/v2/nothing", 200, JSON, notFound)).isNotEmpty();
    assertThat(contract.problems("DELETE", "/v1/jobs/j1", 405, JSON, notFound)).isNotEmpty();
    assertThatThrownBy(() -> contract.assertValid("GET", "/v2/nothing", 200, JSON, "{}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("breaks the OpenAPI contract");
  }
}
