package dev.veojobs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.app.TaskPayload;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskPayloadJsonTest {

  @Test
  void writesSnakeCaseWithALowerCaseStep() {
    String json = new String(TaskPayloadJson.toJson(new TaskPayload("job-1", TaskPayload.Step.POLL, 2, 5)),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"job_id\":\"job-1\",\"step\":\"poll\",\"attempt\":2,\"poll\":5}");
  }

  @Test
  void readsBackWhatItWrites() {
    for (TaskPayload.Step step : TaskPayload.Step.values()) {
      TaskPayload payload = new TaskPayload("j-" + step, step, 3, 7);
      assertThat(TaskPayloadJson.fromJson(TaskPayloadJson.toJson(payload))).isEqualTo(payload);
    }
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    TaskPayload p = TaskPayloadJson.fromJson(
        "{\"job_id\":\"a\",\"step\":\"finalize\",\"attempt\":1,\"poll\":0,\"new\":true}".getBytes(StandardCharsets.UTF_8));
    assertThat(p).isEqualTo(new TaskPayload("a", TaskPayload.Step.FINALIZE, 1, 0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json|body",
      "[1]|body",
      "{\"step\":\"start\",\"attempt\":1,\"poll\":0}|job_id",
      "{\"job_id\":\"\",\"step\":\"start\",\"attempt\":1,\"poll\":0}|job_id",
      "{\"job_id\":7,\"step\":\"start\",\"attempt\":1,\"poll\":0}|job_id",
      "{\"job_id\":\"a\",\"step\":\"START\",\"attempt\":1,\"poll\":0}|step",
      "{\"job_id\":\"a\",\"attempt\":1,\"poll\":0}|step",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":\"1\",\"poll\":0}|attempt",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":-1,\"poll\":0}|attempt",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":1.5,\"poll\":0}|attempt",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":1}|poll",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":1,\"poll\":99999999999}|poll",
      "{\"job_id\":\"a\",\"job_id\":\"b\",\"step\":\"poll\",\"attempt\":1,\"poll\":1}|body",
      "{\"job_id\":\"a\",\"step\":\"poll\",\"attempt\":1,\"poll\":1} {}|body"
  })
  void rejectsABadBodyNamingTheField(String body, String field) {
    assertThatThrownBy(() -> TaskPayloadJson.fromJson(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly(field));
  }

  @Test
  void rejectsAJobIdLongerThanAnyJobsId() {
    String body = "{\"job_id\":\"" + "a".repeat(TaskPayloadJson.MAX_JOB_ID_LENGTH + 1)
        + "\",\"step\":\"start\",\"attempt\":1,\"poll\":0}";
    assertThatThrownBy(() -> TaskPayloadJson.fromJson(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("job_id"));
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThatThrownBy(() -> TaskPayloadJson.fromJson(new byte[0]))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("body"));
  }
}
