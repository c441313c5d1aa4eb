package dev.veojobs.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A JWK set fetched over HTTP(S) and cached by nimbus: five-minute cache refreshed ahead of expiry,
 * an unknown kid refetches at most a few times a minute (so junk tokens cannot hammer the endpoint),
 * one retry on a network error.
 */
public final class RemoteJwks {
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 3_000;
  private static final int SIZE_LIMIT_BYTES = 256 * 1024;

  private RemoteJwks() {}

  /**
   * A cached source for {@code jwksUrl}. Plain http is allowed only to a loopback host (the local
   * emulators); a key set fetched in clear text from anywhere else could be swapped in transit.
   */
  public static JWKSource<SecurityContext> source(URI jwksUrl) {
    requireSafeTransport(jwksUrl);
    try {
      DefaultResourceRetriever retriever =
          new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES);
      return JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL(), retriever).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("JWKS URL is not a URL: " + jwksUrl, e);
    }
  }

  static void requireSafeTransport(URI url) {
    String scheme = url.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      return;
    }
    if ("http".equalsIgnoreCase(scheme) && isLoopbackHost(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException("JWKS URL must be https (http only to localhost): " + url);
  }

  private static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literals are examined here: a name other than localhost is not looked up.
      if (host.matches("[0-9.]+") || host.startsWith("[")) {
        return InetAddress.getByName(host).isLoopbackAddress();
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }
}
