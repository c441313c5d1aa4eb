package dev.veojobs.emulators.tasks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and checks Cloud Tasks resource names the way the API does. */
final class ResourceNames {
  private static final String PROJECT = "[A-Za-z0-9:.-]+";
  private static final String LOCATION = "[A-Za-z0-9-]+";
  private static final Pattern LOCATION_NAME =
      Pattern.compile("projects/(" + PROJECT + ")/locations/(" + LOCATION + ")");
  private static final Pattern QUEUE_NAME =
      Pattern.compile("projects/(" + PROJECT + ")/locations/(" + LOCATION + ")/queues/([A-Za-z0-9-]{1,100})");
  // The id part is captured loosely so a well-formed name with a bad id gets the id-specific message.
  private static final Pattern TASK_NAME =
      Pattern.compile(
          "(projects/" + PROJECT + "/locations/" + LOCATION + "/queues/[A-Za-z0-9-]{1,100})/tasks/(.*)");
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,500}");

  private ResourceNames() {}

  record TaskName(String queueName, String queueId, String taskId) {
    String full() {
      return queueName + "/tasks/" + taskId;
    }
  }

  static void requireLocation(String parent) {
    if (!LOCATION_NAME.matcher(parent).matches()) {
      throw ApiErrors.invalid(ApiErrors.INVALID_PARENT);
    }
  }

  /** Returns the queue id of a well-formed queue name. */
  static String requireQueue(String name) {
    Matcher m = QUEUE_NAME.matcher(name);
    if (!m.matches()) {
      throw ApiErrors.invalid(ApiErrors.QUEUE_NAME_FORMAT);
    }
    return m.group(3);
  }

  static TaskName requireTask(String name) {
    Matcher m = TASK_NAME.matcher(name);
    if (!m.matches()) {
      throw ApiErrors.invalid(ApiErrors.TASK_NAME_FORMAT);
    }
    String taskId = m.group(2);
    if (!TASK_ID.matcher(taskId).matches()) {
      throw ApiErrors.invalidTaskId(taskId);
    }
    return new TaskName(m.group(1), queueId(m.group(1)), taskId);
  }

  static String queueId(String queueName) {
    return queueName.substring(queueName.lastIndexOf('/') + 1);
  }

  static String taskId(String taskName) {
    return taskName.substring(taskName.lastIndexOf('/') + 1);
  }
}
