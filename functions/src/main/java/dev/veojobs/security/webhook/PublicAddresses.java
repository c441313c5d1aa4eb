package dev.veojobs.security.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides whether an address is on the public internet. Anything a server could reach but the public
 * could not (loopback, private and shared ranges, link-local with the metadata server, multicast,
 * reserved and documentation ranges, and IPv6 forms that embed one of those) is not public.
 */
public final class PublicAddresses {
  private PublicAddresses() {}

  public static boolean isPublic(InetAddress address) {
    return nonPublicReason(address).isEmpty();
  }

  /** Why {@code address} is not public (a category, never the address), or empty when it is. */
  public static Optional<String> nonPublicReason(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4(bytes);
    }
    if (address instanceof Inet6Address) {
      return ipv6(bytes);
    }
    return Optional.of("unknown address family");
  }

  private static Optional<String> ipv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 0) {
      return Optional.of("this-network (0.0.0.0/8)");
    }
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("shared address space (100.64.0.0/10)");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local (includes the metadata server)");
    }
    if (a0 == 192 && a1 == 0 && a2 == 0) {
      return Optional.of("IETF protocol assignments (192.0.0.0/24)");
    }
    if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return Optional.of("documentation range");
    }
    if (a0 == 192 && a1 == 88 && a2 == 99) {
      return Optional.of("6to4 relay anycast");
    }
    if (a0 == 198 && (a1 & 0xfe) == 18) {
      return Optional.of("benchmarking range (198.18.0.0/15)");
    }
    if (a0 >= 224 && a0 < 240) {
      return Optional.of("multicast");
    }
    if (a0 >= 240) {
      return Optional.of("reserved or broadcast");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv6(byte[] b) {
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded(b, 12, "IPv4-mapped");
    }
    if (allZero(b, 0, 12)) {
      if (allZero(b, 12, 15) && b[15] == 1) {
        return Optional.of("loopback");
      }
      if (allZero(b, 12, 16)) {
        return Optional.of("unspecified");
      }
      return Optional.of("IPv4-compatible (deprecated)");
    }
    int h0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int h1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    int h2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
    if (h0 == 0x0064 && h1 == 0xff9b) {
      if (allZero(b, 4, 12)) {
        return embedded(b, 12, "NAT64");
      }
      if (h2 == 0x0001) {
        return Optional.of("local-use NAT64");
      }
    }
    if (h0 == 0x0100 && allZero(b, 2, 8)) {
      return Optional.of("discard-only (100::/64)");
    }
    if ((h0 & 0xfe00) == 0xfc00) {
      return Optional.of("unique local (fc00::/7)");
    }
    if ((h0 & 0xffc0) == 0xfe80) {
      return Optional.of("link-local");
    }
    if ((h0 & 0xffc0) == 0xfec0) {
      return Optional.of("site-local (deprecated)");
    }
    if ((h0 & 0xff00) == 0xff00) {
      return Optional.of("multicast");
    }
    if (h0 == 0x2002) {
      return embedded(b, 2, "6to4");
    }
    if (h0 == 0x2001 && h1 == 0x0000) {
      return teredo(b);
    }
    if (h0 == 0x2001 && h1 == 0x0db8) {
      return Optional.of("documentation range");
    }
    if (h0 == 0x2001 && (h1 == 0x0002 && h2 == 0 || (h1 & 0xfff0) == 0x0010 || (h1 & 0xfff0) == 0x0020)) {
      return Optional.of("reserved (benchmarking or ORCHID)");
    }
    if ((h0 & 0xe000) != 0x2000) {
      return Optional.of("not global unicast (outside 2000::/3)");
    }
    return Optional.empty();
  }

  /** Teredo carries the server's IPv4 in bits 32-63 and the client's, inverted, in the last 32 bits. */
  private static Optional<String> teredo(byte[] b) {
    Optional<String> server = embedded(b, 4, "Teredo server");
    if (server.isPresent()) {
      return server;
    }
    byte[] client = new byte[4];
    for (int i = 0; i < 4; i++) {
      client[i] = (byte) ~b[12 + i];
    }
    return ipv4(client).map(reason -> "Teredo client embedding " + reason);
  }

  private static Optional<String> embedded(byte[] b, int offset, String form) {
    byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
    return ipv4(v4).map(reason -> form + " " + reason);
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
