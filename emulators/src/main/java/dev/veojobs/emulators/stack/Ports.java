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
   * for a server told to listen elsewhere too (the functions' {@code --bind}), on that address.
   */
  static void requireFree(int port, String host, String setting) {
    if (port == 0) {
      return;
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    tryBind(loopback, port, setting);
    InetAddress address = address(host);
    if (!address.equals(loopback)) {
      tryBind(address, port, setting);
    }
  }

  /** {@code host} as an address; an unknown name is an {@link IllegalArgumentException} naming it. */
  static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown address " + host, e);
    }
  }

  /** The URL a local client uses for a server listening on {@code host}: localhost unless it listens on one other address. */
  static String url(String host, int port) {
    InetAddress address = address(host);
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return "http://localhost:" + port;
    }
    String literal = address.getHostAddress();
    return "http://" + (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + port;
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
