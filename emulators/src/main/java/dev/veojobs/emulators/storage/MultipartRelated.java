package dev.veojobs.emulators.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits a {@code multipart/related} body (the JSON API's multipart upload) into its parts. */
final class MultipartRelated {
  record Part(Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private MultipartRelated() {}

  static List<Part> parse(String contentType, byte[] body) {
    String boundary = boundary(contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw malformed();
    }
    while (true) {
      int cursor = at + delimiter.length;
      if (startsWith(body, cursor, "--")) {
        return parts;
      }
      cursor = skipLineBreak(body, cursor);
      int headersEnd;
      int headerBreak;
      if (startsWith(body, cursor, "\r\n") || startsWith(body, cursor, "\n")) {
        headersEnd = cursor; // a part without headers
        headerBreak = startsWith(body, cursor, "\r\n") ? 2 : 1;
      } else {
        headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), cursor);
        headerBreak = 4;
        int lfOnly = indexOf(body, "\n\n".getBytes(StandardCharsets.ISO_8859_1), cursor);
        if (headersEnd < 0 || (lfOnly >= 0 && lfOnly < headersEnd)) {
          headersEnd = lfOnly;
          headerBreak = 2;
        }
      }
      if (headersEnd < 0) {
        throw malformed();
      }
      Map<String, String> headers = headers(new String(body, cursor, headersEnd - cursor, StandardCharsets.UTF_8));
      int contentStart = headersEnd + headerBreak;
      int next = indexOf(body, delimiter, contentStart);
      if (next < 0) {
        throw malformed();
      }
      int contentEnd = next;
      if (contentEnd >= 2 && body[contentEnd - 2] == '\r' && body[contentEnd - 1] == '\n') {
        contentEnd -= 2;
      } else if (contentEnd >= 1 && body[contentEnd - 1] == '\n') {
        contentEnd -= 1;
      }
      byte[] content = Arrays.copyOfRange(body, contentStart, Math.max(contentStart, contentEnd));
      if ("base64".equalsIgnoreCase(headers.get("content-transfer-encoding"))) {
        content = Base64.getMimeDecoder().decode(content);
      }
      parts.add(new Part(headers, content));
      at = next;
    }
  }

  private static String boundary(String contentType) {
    if (contentType != null) {
      for (String param : contentType.split(";")) {
        String p = param.trim();
        if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
          String value = p.substring(9).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    throw StorageError.invalid("Missing boundary in multipart/related Content-Type: " + contentType);
  }

  private static Map<String, String> headers(String block) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : block.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static int skipLineBreak(byte[] body, int at) {
    if (startsWith(body, at, "\r\n")) {
      return at + 2;
    }
    if (startsWith(body, at, "\n")) {
      return at + 1;
    }
    return at;
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (at + bytes.length > body.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (body[at + i] != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static StorageError malformed() {
    return StorageError.invalid("Malformed multipart body.");
  }
}
