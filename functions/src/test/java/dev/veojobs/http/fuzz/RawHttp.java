package dev.veojobs.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the fuzz must send what no well-behaved client would (NUL and
 * raw bytes in the path, control characters in headers, duplicated headers, chunked bodies), which
 * {@code java.net.http} refuses to build. One request per connection ({@code Connection: close}),
 * the answer read until the server closes, within a deadline: a server that does not answer in
 * time is a hang.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: the status, headers by lower-case name, and the body with any chunking undone. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The server did not answer within the deadline, or closed without answering. */
  static final class NoAnswer extends Exception {
    NoAnswer(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static Response send(int port, byte[] request, Duration deadline) throws NoAnswer {
    byte[] raw;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) deadline.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        // The server may answer and close before reading all of a large or refused request; read the answer anyway.
      }
      raw = readAll(socket.getInputStream(), System.nanoTime() + deadline.toNanos());
    } catch (SocketTimeoutException e) {
      throw new NoAnswer("no answer within " + deadline.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new NoAnswer("connection failed: " + e, e);
    }
    return parse(raw);
  }

  private static byte[] readAll(InputStream in, long deadlineNanos) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
        if (System.nanoTime() > deadlineNanos) {
          throw new SocketTimeoutException("answer still streaming at the deadline");
        }
      }
    } catch (SocketException e) {
      // A reset after the answer was written (the server closed with unread request bytes) keeps what arrived.
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  static Response parse(byte[] raw) throws NoAnswer {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new NoAnswer("closed without a complete answer (" + raw.length + " bytes)", null);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue): the final one follows.
      return parse(java.util.Arrays.copyOfRange(raw, end + 4, raw.length));
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    List<String> coding = headers.getOrDefault("transfer-encoding", List.of());
    if (coding.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains("chunked"))) {
      body = unchunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] unchunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOfCrlf(body, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
