package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A function under the Functions Framework invoker as the local stack runs it: on loopback only
 * unless told otherwise, and without Jetty naming itself in a Server header.
 */
class FunctionServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void listensOnLoopbackOnlyAndSendsNoServerHeader() throws Exception {
    int port = Ports.pickFree();
    try (FunctionServer server = start(LocalStackOptions.LOOPBACK, port)) {
      HttpResponse<String> response = get(server.url() + "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello");
      assertThat(response.headers().firstValue("Server")).as("Server header").isEmpty();
      assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
      assertThat(server.url()).isEqualTo("http://localhost:" + port);

      InetAddress lan = nonLoopbackAddress().orElse(null);
      Assumptions.assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to try");
      assertThatThrownBy(() -> connect(lan, port))
          .as("connecting through " + lan.getHostAddress())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void anotherAddressIsReachableWhenAskedFor() throws Exception {
    InetAddress lan = nonLoopbackAddress().orElse(null);
    Assumptions.assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to try");
    int port = Ports.pickFree();
    try (FunctionServer server = start("0.0.0.0", port)) {
      connect(lan, port);
      HttpResponse<String> response = get("http://" + lan.getHostAddress() + ":" + port + "/");
      assertThat(response.body()).isEqualTo("hello");
      assertThat(response.headers().firstValue("Server")).isEmpty();
    }
  }

  /**
   * Requests Jetty refuses before the function runs: answered in the API's error shape with its
   * security headers, not with the invoker's empty 400 (or, for /favicon.ico and /robots.txt, empty 404).
   */
  @Test
  void jettysOwnErrorsAreJsonWithTheSecurityHeaders() throws Exception {
    int port = Ports.pickFree();
    try (FunctionServer server = start(LocalStackOptions.LOOPBACK, port)) {
      Map<String, String> requests = new LinkedHashMap<>();
      requests.put("NUL in the path", "GET /v1/jobs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      requests.put("encoded slash", "GET /v1/jobs/a%2Fb HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      requests.put("control character in a header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\nConnection: close\r\n\r\n");
      requests.put("bad request line", "GET  /  HTTP/1.1 junk\r\nHost: x\r\nConnection: close\r\n\r\n");
      requests.put("PUT with an unknown transfer coding",
          "PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, zap\r\nConnection: close\r\n\r\n");
      requests.put("the invoker's own favicon path", "GET /favicon.ico HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      requests.put("the invoker's own robots path", "GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      for (Map.Entry<String, String> request : requests.entrySet()) {
        String response = raw(port, request.getValue());
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(head).as(request.getKey()).startsWith("HTTP/1.1 4")
            .containsIgnoringCase("Content-Type: application/json")
            .contains("X-Content-Type-Options: nosniff", "Cache-Control: no-store",
                "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'", "Referrer-Policy: no-referrer")
            .doesNotContain("Server:");
        assertThat(body).as(request.getKey()).matches("\\{\"error\":\\{\"code\":\"[A-Z_]+\",\"message\":\"[^\"]+\"}}");
      }
    }
  }

  /** One request as raw bytes on a fresh connection; the whole answer, read until the server closes. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static FunctionServer start(String host, int port) {
    return new FunctionServer("hello", HelloFunction.class.getName(), host, port)
        .start(FunctionServerIT.class.getClassLoader());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(FunctionServerIT::up)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .findFirst();
  }

  private static boolean up(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
