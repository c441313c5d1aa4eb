package dev.veojobs.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Proves a request to {@code job-worker} or {@code job-finalizer} came from Cloud Tasks acting as the
 * invoker service account: the Google-signed OIDC token in {@code Authorization: Bearer} must name this
 * function's URL as audience and that account as a verified email. {@code X-CloudTasks-*} headers are
 * plain request headers anyone can send, so they are never consulted here.
 */
public final class TaskTokenVerifier {
  /** Google's OAuth2 signing keys as a JWK set. */
  public static final URI GOOGLE_JWKS_URL = URI.create("https://www.googleapis.com/oauth2/v3/certs");
  public static final String GOOGLE_ISSUER = "https://accounts.google.com";
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final RsaSignatureCheck signature;
  private final Set<String> issuers;
  private final String audience;
  private final String invokerEmail;
  private final Clock clock;

  public TaskTokenVerifier(
      JWKSource<SecurityContext> keys, Set<String> issuers, String audience, String invokerEmail, Clock clock) {
    if (issuers.isEmpty() || audience == null || audience.isBlank() || invokerEmail == null || invokerEmail.isBlank()) {
      throw new IllegalArgumentException("issuer, audience and invoker email are required");
    }
    this.signature = new RsaSignatureCheck(keys);
    this.issuers = Set.copyOf(issuers);
    this.audience = withoutTrailingSlash(audience);
    this.invokerEmail = invokerEmail;
    this.clock = clock;
  }

  /**
   * Production and local wiring from settings: TASKS_OIDC_JWKS_URL, TASKS_OIDC_ISSUER, the function's
   * own URL (WORKER_URL or FINALIZER_URL) and TASKS_INVOKER_SA.
   */
  public static TaskTokenVerifier fromJwksUrl(
      URI jwksUrl, String configuredIssuer, String ownUrl, String invokerEmail, Clock clock) {
    return new TaskTokenVerifier(RemoteJwks.source(jwksUrl), acceptedIssuers(configuredIssuer), ownUrl, invokerEmail, clock);
  }

  /** Google signs with either spelling of its issuer; any other configured issuer is taken as is. */
  public static Set<String> acceptedIssuers(String configuredIssuer) {
    if (GOOGLE_ISSUER.equals(configuredIssuer) || "accounts.google.com".equals(configuredIssuer)) {
      return Set.of(GOOGLE_ISSUER, "accounts.google.com");
    }
    return Set.of(configuredIssuer);
  }

  /** The verified invoker email; throws {@link UnauthenticatedException} otherwise. */
  public String verify(String authorizationHeader) {
    String token = BearerToken.extract(authorizationHeader);
    JWTClaimsSet claims = signature.verify(token);
    if (!issuers.contains(claims.getIssuer())) {
      throw new UnauthenticatedException("iss " + claims.getIssuer() + " is not one of " + issuers);
    }
    boolean audienceMatches = claims.getAudience().stream()
        .map(TaskTokenVerifier::withoutTrailingSlash)
        .anyMatch(audience::equals);
    if (!audienceMatches) {
      throw new UnauthenticatedException("aud " + claims.getAudience() + " is not " + audience);
    }
    Instant now = clock.instant();
    TimeClaims.requireNotExpired(claims, now);
    TimeClaims.requireIssuedInPast(claims, now, CLOCK_SKEW);
    String email = stringClaim(claims, "email");
    if (email == null || !email.toLowerCase(Locale.ROOT).equals(invokerEmail.toLowerCase(Locale.ROOT))) {
      throw new UnauthenticatedException("email " + email + " is not the invoker " + invokerEmail);
    }
    if (!emailVerified(claims.getClaim("email_verified"))) {
      throw new UnauthenticatedException("email_verified is not true");
    }
    return email;
  }

  private static boolean emailVerified(Object claim) {
    return Boolean.TRUE.equals(claim) || "true".equals(claim);
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw new UnauthenticatedException(name + " is not a string");
    }
  }

  private static String withoutTrailingSlash(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
