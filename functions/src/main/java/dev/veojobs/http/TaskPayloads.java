package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import dev.veojobs.app.TaskPayload;
import dev.veojobs.gcp.TaskPayloadJson;

/**
 * Reads a task body with the same codec the Cloud Tasks adapter writes it with, so sender and
 * receiver cannot disagree on the shape; a bad body is a 400 naming the field.
 */
final class TaskPayloads {

  private TaskPayloads() {}

  static TaskPayload read(HttpRequest request) {
    byte[] body = RequestBodies.jsonBytes(request);
    try {
      return TaskPayloadJson.fromJson(body);
    } catch (IllegalArgumentException e) {
      // The codec's messages are "field: reason".
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      throw colon < 0
          ? ApiException.invalidField("body", message)
          : ApiException.invalidField(message.substring(0, colon), message.substring(colon + 2));
    }
  }
}
