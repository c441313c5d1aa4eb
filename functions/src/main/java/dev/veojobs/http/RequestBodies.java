package dev.veojobs.http;

import com.google.cloud.functions.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/** Reads request bodies within the API's limits: JSON only, at most {@link #MAX_BYTES}. */
public final class RequestBodies {
  public static final int MAX_BYTES = 64 * 1024;

  private RequestBodies() {}

  /**
   * The body as one JSON object.
   *
   * @throws ApiException 413 when too large, 415 when not JSON, 400 when not one JSON object
   */
  public static Map<String, Object> jsonObject(HttpRequest request) {
    return ApiJson.parseObject(jsonBytes(request));
  }

  /** The raw bytes of a JSON body, after the size and media-type checks. */
  public static byte[] jsonBytes(HttpRequest request) {
    if (request.getContentLength() > MAX_BYTES) {
      throw tooLarge();
    }
    requireJson(request);
    return readAtMost(request, MAX_BYTES);
  }

  static void requireJson(HttpRequest request) {
    if (contentTypeHeaders(request) > 1) {
      // Two media types leave the body's meaning to whichever one a reader happens to take.
      throw new ApiException(ApiStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be sent once, as application/json (UTF-8)");
    }
    String contentType = request.getContentType().orElse("");
    String[] parts = contentType.split(";");
    boolean json = parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json");
    for (int i = 1; json && i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param[0].strip().equalsIgnoreCase("charset")) {
        String charset = param.length > 1 ? param[1].strip().replace("\"", "") : "";
        json = charset.equalsIgnoreCase("utf-8");
      }
    }
    if (!json) {
      throw new ApiException(ApiStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json (UTF-8)");
    }
  }

  private static long contentTypeHeaders(HttpRequest request) {
    return request.getHeaders().entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
        .mapToLong(header -> header.getValue().size())
        .sum();
  }

  /** Reads one byte past the limit so a body without Content-Length (chunked) is caught too. */
  private static byte[] readAtMost(HttpRequest request, int limit) {
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw ApiException.invalidField("body", "could not be read completely");
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(ApiStatus.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + (MAX_BYTES / 1024) + " KiB");
  }
}
