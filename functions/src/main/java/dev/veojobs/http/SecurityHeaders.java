package dev.veojobs.http;

import com.google.cloud.functions.HttpResponse;
import java.util.Map;

/**
 * Headers every response carries. The API only ever returns JSON, so nothing may be sniffed,
 * framed, cached or leak a referrer.
 */
public final class SecurityHeaders {
  public static final Map<String, String> ALL = Map.of(
      "X-Content-Type-Options", "nosniff",
      "Cache-Control", "no-store",
      "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
      "Referrer-Policy", "no-referrer");

  private SecurityHeaders() {}

  static void apply(HttpResponse response) {
    ALL.forEach(response::appendHeader);
  }
}
