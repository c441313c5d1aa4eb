package dev.veojobs.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.job.InvalidRequestException;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON body of a task: {@code {"job_id":"…","step":"start|poll|finalize|webhook_started|webhook_completed|webhook_failed|webhook_canceled","attempt":1,"poll":0}}.
 * Parsing is strict about the four fields (a delivery that does not name its job cannot be acted
 * on) and ignores fields it does not know, so a newer sender does not break an older receiver.
 */
public final class TaskPayloadJson {
  private static final String STEPS = "must be one of start, poll, finalize, webhook_started, webhook_completed, webhook_failed, webhook_canceled";
  /** Job ids are 20 characters; anything far longer is not one of ours. */
  public static final int MAX_JOB_ID_LENGTH = 128;

  // Strict like the API's own parser: a body with duplicate keys or trailing data is not ours.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TaskPayloadJson() {}

  public static byte[] toJson(TaskPayload payload) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("job_id", payload.jobId());
    node.put("step", payload.step().name().toLowerCase(Locale.ROOT));
    node.put("attempt", payload.attempt());
    node.put("poll", payload.poll());
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /** @throws InvalidRequestException naming the first bad field (a 400 at the task endpoints) */
  public static TaskPayload fromJson(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : MAPPER.readTree(body);
    } catch (IOException e) {
      throw new InvalidRequestException("body", "not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    JsonNode jobId = root.get("job_id");
    if (jobId == null || !jobId.isTextual() || jobId.asText().isBlank() || jobId.asText().length() > MAX_JOB_ID_LENGTH) {
      throw new InvalidRequestException("job_id", "must be a non-empty string of at most " + MAX_JOB_ID_LENGTH
          + " characters");
    }
    JsonNode stepNode = root.get("step");
    if (stepNode == null || !stepNode.isTextual()) {
      throw new InvalidRequestException("step", STEPS);
    }
    TaskPayload.Step step = switch (stepNode.asText()) {
      case "start" -> TaskPayload.Step.START;
      case "poll" -> TaskPayload.Step.POLL;
      case "finalize" -> TaskPayload.Step.FINALIZE;
      case "webhook_started" -> TaskPayload.Step.WEBHOOK_STARTED;
      case "webhook_completed" -> TaskPayload.Step.WEBHOOK_COMPLETED;
      case "webhook_failed" -> TaskPayload.Step.WEBHOOK_FAILED;
      case "webhook_canceled" -> TaskPayload.Step.WEBHOOK_CANCELED;
      default -> throw new InvalidRequestException("step", STEPS);
    };
    return new TaskPayload(jobId.asText(), step, count(root, "attempt"), count(root, "poll"));
  }

  private static int count(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
      throw new InvalidRequestException(field, "must be a whole number >= 0");
    }
    return n.asInt();
  }
}
