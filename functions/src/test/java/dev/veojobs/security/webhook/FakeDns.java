package dev.veojobs.security.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A resolver answering from a table; names not in it do not resolve. Records every lookup. */
final class FakeDns implements HostResolver {
  private final Map<String, List<InetAddress>> records = new HashMap<>();
  final List<String> lookups = new ArrayList<>();

  FakeDns with(String host, String... addresses) {
    List<InetAddress> resolved = new ArrayList<>();
    for (String address : addresses) {
      try {
        // Only literals are passed here, so getByName never queries DNS.
        resolved.add(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(address, e);
      }
    }
    records.put(host, resolved);
    return this;
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    lookups.add(host);
    List<InetAddress> addresses = records.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    return addresses;
  }
}
