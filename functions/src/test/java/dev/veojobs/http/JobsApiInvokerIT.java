package dev.veojobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.cloud.functions.invoker.runner.Invoker;
import dev.veojobs.config.Config;
import dev.veojobs.config.ConfigException;
import dev.veojobs.config.FunctionName;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * jobs-api through the real Functions Framework invoker, in process. With this test JVM's
 * environment (no deployment variables) the function cannot be constructed: the invoker's
 * {@code startTestServer()} throws, with our {@link ConfigException} as the root cause, and never
 * opens its port. On Cloud Run this is a container that exits at start-up with one CRITICAL log
 * line naming every missing variable, never a server answering 500s. The happy path through the
 * invoker belongs to the end-to-end suite, which has the emulators the adapters need.
 */
class JobsApiInvokerIT {

  @Test
  void refusesToStartWithoutConfigurationNamingEveryMissingVariable() throws Exception {
    ConfigException expected = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(FunctionName.JOBS_API));
    int port = freePort();
    Invoker invoker = new Invoker(port, FunctionName.JOBS_API.entryPoint(), "http", getClass().getClassLoader());

    Throwable thrown = catchThrowable(invoker::startTestServer);

    try {
      assertThat(thrown).isNotNull();
      Throwable root = rootCause(thrown);
      assertThat(root).isInstanceOf(ConfigException.class).hasMessage(expected.getMessage());
      assertThat(root.getMessage()).startsWith("Missing or invalid configuration for jobs-api: ")
          .contains("VIDEO_BUCKET is required");
      assertThat(catchThrowable(() -> connect(port))).isInstanceOf(ConnectException.class);
    } finally {
      if (thrown == null) {
        invoker.stopServer();
      }
    }
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
