package dev.veojobs.security.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/** A webhook URL that passed {@link WebhookUrlPolicy}, with the addresses its host resolved to then. */
public record WebhookTarget(URI uri, List<InetAddress> addresses) {
  public WebhookTarget {
    addresses = List.copyOf(addresses);
  }
}
