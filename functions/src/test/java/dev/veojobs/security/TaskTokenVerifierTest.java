package dev.veojobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskTokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String WORKER_URL = "https://job-worker-abc123-uc.a.run.app";
  private static final String INVOKER = "tasks-invoker@veo-jobs-test.iam.gserviceaccount.com";

  private final TaskTokenVerifier verifier = new TaskTokenVerifier(TestKeys.trustedSource(),
      TaskTokenVerifier.acceptedIssuers(TaskTokenVerifier.GOOGLE_ISSUER), WORKER_URL, INVOKER,
      Clock.fixed(NOW, ZoneOffset.UTC));

  /** The claims Google puts in a Cloud Tasks OIDC token. */
  private static JWTClaimsSet.Builder valid() {
    return new JWTClaimsSet.Builder()
        .issuer("https://accounts.google.com")
        .audience(WORKER_URL)
        .subject("104648301749328474839")
        .claim("azp", "104648301749328474839")
        .claim("email", INVOKER)
        .claim("email_verified", true)
        .issueTime(Date.from(NOW.minusSeconds(10)))
        .expirationTime(Date.from(NOW.plusSeconds(3590)));
  }

  private static String signed(JWTClaimsSet.Builder claims) {
    return "Bearer " + TestKeys.sign(TestKeys.TRUSTED, claims.build());
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("missing header", null, "no Authorization header"),
        Arguments.of("not Bearer", "Basic dXNlcjpwYXNz", "not a Bearer"),
        Arguments.of("malformed", "Bearer x.y", "not a signed JWT"),
        Arguments.of("signed by another key", "Bearer " + TestKeys.sign(TestKeys.IMPOSTOR, valid().build()), "signature"),
        Arguments.of("unknown kid", "Bearer " + TestKeys.sign(TestKeys.UNPUBLISHED, valid().build()), "no signing key"),
        Arguments.of("alg none", "Bearer " + TestKeys.unsigned(valid().build()), "not a signed JWT"),
        Arguments.of("expired", signed(valid().expirationTime(Date.from(NOW.minusSeconds(5)))), "expired"),
        Arguments.of("future iat", signed(valid().issueTime(Date.from(NOW.plusSeconds(300)))), "iat"),
        Arguments.of("wrong audience (the other function)",
            signed(valid().audience("https://job-finalizer-abc123-uc.a.run.app")), "aud"),
        Arguments.of("audience is a path below the URL", signed(valid().audience(WORKER_URL + "/start")), "aud"),
        Arguments.of("wrong issuer", signed(valid().issuer("https://securetoken.google.com/veo-jobs-test")), "iss"),
        Arguments.of("wrong email", signed(valid().claim("email", "someone@veo-jobs-test.iam.gserviceaccount.com")), "email"),
        Arguments.of("no email", signed(valid().claim("email", null)), "email"),
        Arguments.of("unverified email", signed(valid().claim("email_verified", false)), "email_verified"),
        Arguments.of("email_verified missing", signed(valid().claim("email_verified", null)), "email_verified"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String name, String header, String reasonFragment) {
    assertThatThrownBy(() -> verifier.verify(header))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining(reasonFragment);
  }

  @Test
  void acceptsAGoodTokenAndReturnsTheInvoker() {
    assertThat(verifier.verify(signed(valid()))).isEqualTo(INVOKER);
  }

  @Test
  void acceptsTheIssuerWithoutScheme() {
    assertThat(verifier.verify(signed(valid().issuer("accounts.google.com")))).isEqualTo(INVOKER);
  }

  @Test
  void comparesTheAudienceIgnoringATrailingSlash() {
    assertThat(verifier.verify(signed(valid().audience(WORKER_URL + "/")))).isEqualTo(INVOKER);
    TaskTokenVerifier configuredWithSlash = new TaskTokenVerifier(TestKeys.trustedSource(),
        Set.of(TaskTokenVerifier.GOOGLE_ISSUER), WORKER_URL + "/", INVOKER, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(configuredWithSlash.verify(signed(valid()))).isEqualTo(INVOKER);
  }

  @Test
  void aConfiguredEmulatorIssuerReplacesGooglesIssuers() {
    String emulatorIssuer = "http://localhost:8123";
    TaskTokenVerifier local = new TaskTokenVerifier(TestKeys.trustedSource(),
        TaskTokenVerifier.acceptedIssuers(emulatorIssuer), WORKER_URL, INVOKER, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(local.verify(signed(valid().issuer(emulatorIssuer)))).isEqualTo(INVOKER);
    assertThatThrownBy(() -> local.verify(signed(valid()))).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void aFirebaseIdTokenSignedByATrustedKeyIsNotATaskToken() {
    JWTClaimsSet idToken = IdTokens.valid().build();
    assertThatThrownBy(() -> verifier.verify("Bearer " + TestKeys.sign(TestKeys.TRUSTED, idToken)))
        .isInstanceOf(UnauthenticatedException.class);
  }
}
