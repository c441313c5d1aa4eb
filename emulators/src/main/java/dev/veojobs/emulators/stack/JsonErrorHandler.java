package dev.veojobs.emulators.stack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — a request Jetty refuses before the function sees it (a bad request
 * line or header, {@code %00} or an ambiguous segment in the path, a URI or headers over Jetty's
 * size limits) — in the API's error shape, {@code {"error":{"code":…,"message":…}}}, with the
 * headers every API response carries. The invoker's own error handler answers those with an empty
 * body and no headers at all.
 *
 * <p>The functions module owns the API's headers and codes ({@code http.SecurityHeaders},
 * {@code http.ApiStatus}); this module cannot depend on it, so they are repeated here and
 * {@code JobsApiFuzzIT} (functions) fails if the two ever differ. The message is fixed per status:
 * Jetty's own reason may quote the offending input back.
 */
final class JsonErrorHandler extends ErrorHandler {
  /** The same values as {@code dev.veojobs.http.SecurityHeaders.ALL}. */
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "X-Content-Type-Options", "nosniff",
      "Cache-Control", "no-store",
      "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
      "Referrer-Policy", "no-referrer");

  /** What the answer says: an {@code ApiStatus} name and a fixed message. */
  private record Answer(String code, String message) {}

  private static final Answer MALFORMED = new Answer("INVALID_ARGUMENT", "The HTTP request is malformed");
  private static final Answer INTERNAL = new Answer("INTERNAL", "Internal error");
  private static final Map<Integer, Answer> BY_STATUS = byStatus();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status == HttpStatus.NOT_IMPLEMENTED_501) {
      // Jetty's 501 means the client used an HTTP feature (e.g. a transfer coding) it does not take: a client error.
      status = HttpStatus.BAD_REQUEST_400;
    } else if (status < 400 || status > 599) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    response.setStatus(status);
    write(request, response, callback);
    return true;
  }

  /** Writes the response's status as an API error, with the security headers. */
  static void write(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    HttpFields.Mutable headers = response.getHeaders();
    SECURITY_HEADERS.forEach(headers::put);
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return;
    }
    headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    byte[] body = body(status);
    headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
  }

  static byte[] body(int status) {
    Answer answer = BY_STATUS.getOrDefault(status, status >= 500 ? INTERNAL : MALFORMED);
    return ("{\"error\":{\"code\":\"" + answer.code() + "\",\"message\":\"" + answer.message() + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Codes as {@code ApiStatus} names them; statuses only Jetty answers keep their own number. */
  private static Map<Integer, Answer> byStatus() {
    Map<Integer, Answer> map = new LinkedHashMap<>();
    map.put(400, MALFORMED);
    map.put(404, new Answer("NOT_FOUND", "No such route"));
    map.put(405, new Answer("METHOD_NOT_ALLOWED", "This method is not allowed here"));
    map.put(408, new Answer("INVALID_ARGUMENT", "The request was not sent in time"));
    map.put(413, new Answer("PAYLOAD_TOO_LARGE", "The request is too large"));
    map.put(414, new Answer("INVALID_ARGUMENT", "The request URI is too long"));
    map.put(415, new Answer("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json (UTF-8)"));
    map.put(431, new Answer("INVALID_ARGUMENT", "The request headers are too large"));
    map.put(503, new Answer("UNAVAILABLE", "The service is briefly unavailable; retry later"));
    return Map.copyOf(map);
  }
}
