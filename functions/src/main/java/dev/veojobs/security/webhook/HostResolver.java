package dev.veojobs.security.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to every address it has; injected so tests can play DNS. */
@FunctionalInterface
public interface HostResolver {

  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (the system's DNS). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
