package dev.veojobs.emulators.storage;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Serves an object's bytes the way both GCS download paths do: the object's headers
 * (generation, hashes, stored length), then the whole object or the requested byte range.
 */
final class ObjectDownload {
  /**
   * HTTP's IMF-fixdate, always a two-digit day ({@code Sat, 02 Feb 2030 13:00:00 GMT}); the JDK's
   * RFC_1123_DATE_TIME writes one digit on days 1-9, which strict HTTP date parsers refuse.
   */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private ObjectDownload() {}

  /** Returns false when the range is unsatisfiable; the caller then answers 416 in its own dialect. */
  static boolean serve(HttpExchange exchange, StoredObject object) throws IOException {
    ByteRange range = ByteRange.resolve(exchange.getRequestHeaders().getFirst("Range"), object.size());
    Headers headers = exchange.getResponseHeaders();
    describe(headers, object);
    if (!range.satisfiable()) {
      headers.set("Content-Range", range.contentRange());
      return false;
    }
    if (range.partial()) {
      headers.set("Content-Range", range.contentRange());
    }
    int status = range.partial() ? 206 : 200;
    if ("HEAD".equals(exchange.getRequestMethod())) {
      headers.set("Content-Length", Long.toString(range.length()));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return true;
    }
    if (range.length() == 0) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return true;
    }
    exchange.sendResponseHeaders(status, range.length());
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(object.slice(range.first(), range.length()));
    }
    return true;
  }

  /** The metadata headers production sends with object bytes (JSON media and XML GET alike). */
  static void describe(Headers headers, StoredObject object) {
    headers.set("Content-Type", object.contentType());
    headers.set("Accept-Ranges", "bytes");
    headers.set("ETag", "\"" + Checksums.md5Hex(object.data()) + "\"");
    headers.set("Last-Modified", HTTP_DATE.format(object.updated()));
    headers.set("x-goog-generation", Long.toString(object.generation()));
    headers.set("x-goog-metageneration", Long.toString(object.metageneration()));
    headers.set("x-goog-stored-content-length", Long.toString(object.size()));
    headers.set("x-goog-stored-content-encoding",
        object.headers().contentEncoding() == null ? "identity" : object.headers().contentEncoding());
    headers.set("x-goog-storage-class", "STANDARD");
    headers.add("x-goog-hash", "crc32c=" + object.crc32c());
    headers.add("x-goog-hash", "md5=" + object.md5());
    ObjectHeaders extra = object.headers();
    if (extra.contentDisposition() != null) {
      headers.set("Content-Disposition", extra.contentDisposition());
    }
    if (extra.contentLanguage() != null) {
      headers.set("Content-Language", extra.contentLanguage());
    }
    headers.set("Cache-Control", extra.cacheControl() != null ? extra.cacheControl() : "private, max-age=0");
    object.metadata().forEach((key, value) -> headers.set("x-goog-meta-" + key, value));
  }
}
