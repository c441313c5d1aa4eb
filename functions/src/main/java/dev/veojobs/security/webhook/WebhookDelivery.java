package dev.veojobs.security.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one signed webhook attempt. The URL is checked again right before sending (its DNS may have
 * changed since the job was created), redirects are never followed (a 3xx is a failure), and the
 * response body is discarded. 2xx is delivered; 408, 429, 5xx, timeouts and network errors are
 * retryable; any other status, and a URL that is no longer safe, is permanent.
 *
 * <p>Limit: {@link HttpClient} resolves the host again when it connects, so a name whose DNS flips
 * between our check and that lookup (rebinding with a near-zero TTL) is not caught here. IP literals
 * are pinned by construction. Production should also send webhooks through an egress path that cannot
 * reach private ranges (a Serverless VPC connector with deny-private firewall rules, or an egress proxy).
 */
public final class WebhookDelivery {
  static final String USER_AGENT = "VeoJobs-Webhooks/1";

  private final WebhookUrlPolicy policy;
  private final WebhookSigner signer;
  private final Clock clock;
  private final HttpClient http;
  private final Duration timeout;

  public WebhookDelivery(WebhookUrlPolicy policy, WebhookSigner signer, Clock clock, HttpClient http, Duration timeout) {
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the webhook HTTP client must never follow redirects");
    }
    this.policy = policy;
    this.signer = signer;
    this.clock = clock;
    this.http = http;
    this.timeout = timeout;
  }

  public WebhookDelivery(WebhookUrlPolicy policy, WebhookSigner signer, Clock clock, Duration timeout) {
    this(policy, signer, clock, httpClient(Duration.ofSeconds(5)), timeout);
  }

  /** An HTTP client fit for webhooks: no redirects, no proxy, bounded connect time. */
  public static HttpClient httpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(connectTimeout)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * One attempt to POST {@code body} (JSON) to {@code url}. {@code messageId} must be the same for
   * every attempt of one event; the signature timestamp is this attempt's.
   */
  public DeliveryResult deliver(String url, String messageId, byte[] body) {
    if (!signer.enabled()) {
      return DeliveryResult.permanent(0, "webhooks are off: no WEBHOOK_SECRETS configured");
    }
    WebhookTarget target;
    try {
      target = policy.check(url);
    } catch (UnsafeWebhookUrlException e) {
      return DeliveryResult.permanent(0, "webhook_url refused at delivery: " + e.getMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> header : signer.sign(messageId, clock.instant(), body).asMap().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      return DeliveryResult.retryable(0, "timed out", null);
    } catch (IOException e) {
      return DeliveryResult.retryable(0, "network error: " + e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryResult.retryable(0, "interrupted", null);
    }
    return classify(response.statusCode(), response.headers().firstValue("Retry-After"));
  }

  static DeliveryResult classify(int status, Optional<String> retryAfterHeader) {
    if (status >= 200 && status < 300) {
      return DeliveryResult.delivered(status);
    }
    if (status >= 300 && status < 400) {
      return DeliveryResult.permanent(status, "redirects are not followed; update the webhook URL");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return DeliveryResult.retryable(status, "receiver answered " + status, retryAfter(retryAfterHeader));
    }
    return DeliveryResult.permanent(status, "receiver answered " + status);
  }

  private static Duration retryAfter(Optional<String> header) {
    // Only the delay-seconds form; an HTTP-date is left to the queue's own backoff.
    return header.filter(value -> value.strip().matches("[0-9]{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
        .orElse(null);
  }
}
