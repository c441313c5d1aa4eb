package dev.veojobs.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated HTTP request, kept as parts so jqwik can print and shrink it. The request line and
 * header lines are ISO-8859-1 text: a char in 0x80–0xFF is that raw byte on the wire, so raw
 * non-ASCII and control bytes reach the server as they were generated. {@link #TOKEN} in a header
 * stands for a valid ID token of the fuzzing user, minted when the request is sent (tokens expire).
 *
 * @param kind what the generator meant to break, for the report
 * @param framing how the body is delimited: Content-Length, chunked, or neither
 */
record FuzzRequest(String kind, String method, String target, List<String> headers, byte[] body, Framing framing) {
  static final String TOKEN = "{TOKEN}";

  enum Framing { CONTENT_LENGTH, CHUNKED, NONE }

  FuzzRequest {
    headers = List.copyOf(headers);
  }

  FuzzRequest withHeaders(List<String> more) {
    List<String> all = new ArrayList<>(headers);
    all.addAll(more);
    return new FuzzRequest(kind, method, target, all, body, framing);
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  byte[] render(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header.replace(TOKEN, token)).append("\r\n");
    }
    switch (framing) {
      case CONTENT_LENGTH -> head.append("Content-Length: ").append(body.length).append("\r\n");
      case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
      case NONE -> { }
    }
    head.append("Connection: close\r\n\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (framing == Framing.CHUNKED) {
      for (int at = 0; at < body.length; at += 4096) {
        int size = Math.min(4096, body.length - at);
        out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, at, size);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    } else if (framing == Framing.CONTENT_LENGTH) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    String shownBody = new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
    return kind + ": " + printable(method + " " + abbreviate(target)) + " " + printable(headers.stream()
        .map(FuzzRequest::abbreviate).toList().toString()) + " " + framing + " body(" + body.length + ")="
        + printable(shownBody);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
  }

  /** Control and non-ASCII characters as \\uXXXX, so the report shows exactly what was sent. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> {
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append((char) c);
      }
    });
    return out.toString();
  }
}
