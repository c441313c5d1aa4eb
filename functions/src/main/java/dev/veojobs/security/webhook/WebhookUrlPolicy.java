package dev.veojobs.security.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SSRF guard for user-supplied webhook URLs: https only, no user info, and a host whose every address
 * is public. IP literals are accepted only as dotted-decimal IPv4 or bracketed IPv6, because the
 * decimal, octal and hex spellings ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}) mean
 * different things to different parsers. Checked when the job is created and again before every
 * delivery, since DNS can change in between.
 *
 * <p>With {@code allowLoopback} (the WEBHOOK_ALLOW_LOOPBACK setting, local runs only) a URL whose host
 * resolves only to loopback addresses is accepted over http or https; nothing else is relaxed.
 */
public final class WebhookUrlPolicy {
  /** The request field this policy validates. */
  public static final String FIELD = "webhook_url";
  static final int MAX_URL_LENGTH = 2048;

  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final List<String> INTERNAL_NAMES = List.of("metadata.google.internal", "metadata", "localhost");
  private static final List<String> INTERNAL_SUFFIXES = List.of(".internal", ".localhost", ".local");

  private final HostResolver resolver;
  private final boolean allowLoopback;

  public WebhookUrlPolicy(HostResolver resolver, boolean allowLoopback) {
    this.resolver = resolver;
    this.allowLoopback = allowLoopback;
  }

  /** Production policy: system DNS, no exceptions. */
  public static WebhookUrlPolicy strict() {
    return new WebhookUrlPolicy(HostResolver.system(), false);
  }

  /** The reason {@code url} is refused (for a 400 naming {@link #FIELD}), or empty when it is accepted. */
  public Optional<String> rejectionReason(String url) {
    try {
      check(url);
      return Optional.empty();
    } catch (UnsafeWebhookUrlException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The accepted target, or {@link UnsafeWebhookUrlException} saying why not. */
  public WebhookTarget check(String url) {
    URI uri = parse(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !(allowLoopback && scheme.equals("http"))) {
      throw new UnsafeWebhookUrlException("must be an https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new UnsafeWebhookUrlException("must not contain user credentials");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new UnsafeWebhookUrlException("must name a valid host");
    }
    List<InetAddress> addresses = addresses(host.toLowerCase(Locale.ROOT));
    if (allowLoopback && addresses.stream().allMatch(InetAddress::isLoopbackAddress)) {
      return new WebhookTarget(uri, addresses);
    }
    if (!https) {
      throw new UnsafeWebhookUrlException("must be an https URL");
    }
    for (InetAddress address : addresses) {
      Optional<String> reason = PublicAddresses.nonPublicReason(address);
      if (reason.isPresent()) {
        throw new UnsafeWebhookUrlException("host must resolve only to public addresses, not " + reason.get());
      }
    }
    return new WebhookTarget(uri, addresses);
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new UnsafeWebhookUrlException("must be an https URL");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new UnsafeWebhookUrlException("must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UnsafeWebhookUrlException("is not a valid URL");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getScheme() == null) {
      throw new UnsafeWebhookUrlException("must be an absolute https URL");
    }
    return uri;
  }

  private List<InetAddress> addresses(String host) {
    if (host.startsWith("[")) {
      return List.of(ipv6Literal(host));
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] labels = name.split("\\.", -1);
    if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
      // A host ending in a number is an IPv4 address to URL parsers; only the canonical form is allowed.
      if (!DOTTED_QUAD.matcher(name).matches()) {
        throw new UnsafeWebhookUrlException("IP addresses must be written as four decimal numbers (a.b.c.d)");
      }
      return List.of(ipv4Literal(name));
    }
    for (String label : labels) {
      if (!HOST_LABEL.matcher(label).matches()) {
        throw new UnsafeWebhookUrlException("must name a valid host (ASCII letters, digits and hyphens)");
      }
    }
    boolean internalName = labels.length < 2
        || INTERNAL_NAMES.contains(name)
        || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith);
    if (internalName && !(allowLoopback && name.equals("localhost"))) {
      throw new UnsafeWebhookUrlException("must name a public host");
    }
    List<InetAddress> resolved;
    try {
      resolved = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw new UnsafeWebhookUrlException("host does not resolve");
    }
    if (resolved == null || resolved.isEmpty()) {
      throw new UnsafeWebhookUrlException("host does not resolve");
    }
    return resolved;
  }

  private static InetAddress ipv6Literal(String bracketed) {
    try {
      // A bracketed host is parsed as an IPv6 literal only; the JDK never sends it to DNS.
      return InetAddress.getByName(bracketed);
    } catch (UnknownHostException e) {
      throw new UnsafeWebhookUrlException("is not a valid IPv6 address");
    }
  }

  private static InetAddress ipv4Literal(String dottedQuad) {
    String[] parts = dottedQuad.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
