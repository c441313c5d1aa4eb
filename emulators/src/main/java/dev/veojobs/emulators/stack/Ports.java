package dev.veojobs.emulators.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks and picks for the parts that cannot bind port 0 themselves and report it. */
final class Ports {
  private Ports() {}

  /**
   * Throws {@link PortInUseException} when {@code port} cannot be bound on the loopback address or,
   * for servers that listen on every interface (the functions' Jetty), on the wildcard address.
   */
  static void requireFree(int port, boolean allInterfaces, String setting) {
    if (port == 0) {
      return;
    }
    tryBind(InetAddress.getLoopbackAddress(), port, setting);
    if (allInterfaces) {
      tryBind(null, port, setting);
    }
  }

  private static void tryBind(InetAddress address, int port, String setting) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
    } catch (BindException e) {
      throw new PortInUseException(port, setting);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check port " + port + " (" + setting + ")", e);
    }
  }

  /** A port that was free a moment ago, for the function invoker, which needs a number up front. */
  static int pickFree() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /** Whether {@code e} (or a cause) says an address was in use. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
