package dev.veojobs.emulators.stack;

import com.google.cloud.functions.invoker.runner.Invoker;

/**
 * One of the three functions, served in this JVM by the Functions Framework invoker on its own
 * port, as Cloud Run serves each function on its own URL. The function class is named, not
 * referenced: the functions module depends on this one (in test scope), never the reverse.
 *
 * <p>It listens on {@code host} only (the local stack's default is loopback: the functions accept
 * unsigned emulator tokens) and sends no {@code Server} header; see {@link InvokerJettySettings}.
 */
final class FunctionServer implements AutoCloseable {
  private final String serviceName;
  private final String target;
  private final String host;
  private final int port;
  private Invoker invoker;

  FunctionServer(String serviceName, String target, String host, int port) {
    this.serviceName = serviceName;
    this.target = target;
    this.host = host;
    this.port = port;
  }

  FunctionServer start(ClassLoader classLoader) {
    try {
      Class.forName(target, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(serviceName + ": the function class " + target + " is not on the classpath "
          + "(start the stack with the functions module's classes, as ./dev does)", e);
    }
    InvokerJettySettings settings = new InvokerJettySettings(host, target);
    Invoker started = new Invoker(port, target, "http", settings.classLoaderFor(classLoader));
    settings.attach(started);
    try {
      started.startTestServer();
      settings.verify(serviceName);
    } catch (Exception e) {
      stopQuietly(started);
      throw new IllegalStateException(serviceName + " (" + target + ") did not start on port " + port + ": "
          + rootMessage(e), e);
    }
    invoker = started;
    return this;
  }

  /** The invoker wraps a constructor's exception a few times; the innermost message is the useful one. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  String serviceName() {
    return serviceName;
  }

  int port() {
    return port;
  }

  String url() {
    return Ports.url(host, port);
  }

  @Override
  public void close() {
    if (invoker != null) {
      stopQuietly(invoker);
      invoker = null;
    }
  }

  private static void stopQuietly(Invoker invoker) {
    try {
      invoker.stopServer();
    } catch (Exception e) {
      // Stopping is best effort: the JVM is usually about to exit or the next test starts a new stack.
    }
  }
}
