package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JobStateLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JobStateLines lines = new JobStateLines(Clock.fixed(Instant.parse("2026-01-01T10:41:02Z"), ZoneOffset.UTC));

  private static JsonNode jobs(String... documents) throws Exception {
    return JSON.readTree("[" + String.join(",", documents) + "]");
  }

  private static String job(String id, String status, String stage, String extra) {
    return "{\"path\":\"jobs/" + id + "\",\"fields\":{\"status\":\"" + status + "\",\"stage\":\"" + stage + "\","
        + "\"request\":{\"prompt\":\"a paper boat\\non a rainy street\"}" + extra + "}}";
  }

  @Test
  void aNewJobShowsWithItsPromptThenOneLinePerChange() throws Exception {
    String id = "3f2a9c1e77d04b1b";
    assertThat(lines.changes(jobs(job(id, "PENDING", "QUEUED", ""))))
        .containsExactly("10:41:02  job 3f2a9c1e  PENDING · queued  \"a paper boat on a rainy street\"");
    assertThat(lines.changes(jobs(job(id, "PENDING", "QUEUED", "")))).as("nothing changed").isEmpty();
    assertThat(lines.changes(jobs(job(id, "PROCESSING", "GENERATING", ""))))
        .containsExactly("10:41:02  job 3f2a9c1e  PROCESSING · generating");
    assertThat(lines.changes(jobs(job(id, "COMPLETED", "DONE", ""))))
        .containsExactly("10:41:02  job 3f2a9c1e  COMPLETED");
  }

  @Test
  void aFailedJobShowsItsErrorCodeAndOtherJobsStayQuiet() throws Exception {
    lines.changes(jobs(job("aaaaaaaaaa", "PROCESSING", "GENERATING", ""), job("bbbbbbbbbb", "PENDING", "QUEUED", "")));

    assertThat(lines.changes(jobs(
        job("aaaaaaaaaa", "FAILED", "DONE", ",\"error\":{\"code\":\"SAFETY_FILTERED\",\"message\":\"…\"}"),
        job("bbbbbbbbbb", "PENDING", "QUEUED", ""))))
        .containsExactly("10:41:02  job aaaaaaaa  FAILED · SAFETY_FILTERED");
  }
}
