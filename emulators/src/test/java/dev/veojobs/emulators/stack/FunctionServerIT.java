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
