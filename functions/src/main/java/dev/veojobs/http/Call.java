package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import dev.veojobs.log.JsonLog;

/** One request being handled and its log scope, which handlers narrow (e.g. with the job id). */
final class Call {
  private final HttpRequest request;
  private JsonLog log;

  Call(HttpRequest request, JsonLog log) {
    this.request = request;
    this.log = log;
  }

  HttpRequest request() {
    return request;
  }

  JsonLog log() {
    return log;
  }

  /** Adds a field to every later log line of this request, the closing access line included. */
  void tag(String field, Object value) {
    log = log.with(field, value);
  }
}
