package dev.veojobs.http;

import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response decided by a handler: status, optional JSON body, extra headers. */
record Reply(int status, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json; charset=utf-8";

  static Reply json(int status, byte[] body) {
    return new Reply(status, body, Map.of());
  }

  static Reply json(int status, Object resource) {
    return new Reply(status, ApiJson.write(resource), Map.of());
  }

  static Reply noContent() {
    return new Reply(204, null, Map.of());
  }

  static Reply error(ApiException e) {
    return new Reply(e.status().httpStatus(), ApiJson.write(ErrorResource.of(e)), e.headers());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, more);
  }

  void writeTo(HttpResponse response) throws IOException {
    response.setStatusCode(status);
    headers.forEach(response::appendHeader);
    if (body != null) {
      response.setContentType(JSON);
      try (OutputStream out = response.getOutputStream()) {
        out.write(body);
      }
    }
  }
}
