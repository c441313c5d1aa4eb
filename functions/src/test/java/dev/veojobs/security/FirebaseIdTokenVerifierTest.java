package dev.veojobs.security;

import static dev.veojobs.security.IdTokens.NOW;
import static dev.veojobs.security.IdTokens.UID;
import static dev.veojobs.security.IdTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FirebaseIdTokenVerifierTest {
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A hand-written fake: Mockito's inline mocks of this interface break once a lambda of it was loaded. */
  private final RecordingRevocation revocation = new RecordingRevocation();
  private final FirebaseIdTokenVerifier verifier =
      new FirebaseIdTokenVerifier(IdTokens.PROJECT, TestKeys.trustedSource(), revocation, CLOCK);

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String signed(com.nimbusds.jwt.JWTClaimsSet.Builder claims) {
    return bearer(TestKeys.sign(TestKeys.TRUSTED, claims.build()));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("missing header", null, "no Authorization header"),
        Arguments.of("blank header", "   ", "no Authorization header"),
        Arguments.of("not Bearer", "Basic " + TestKeys.sign(TestKeys.TRUSTED, valid().build()), "not a Bearer"),
        Arguments.of("Bearer without token", "Bearer ", "not a Bearer"),
        Arguments.of("malformed token", bearer("not-a-jwt"), "not a signed JWT"),
        Arguments.of("three garbage parts", bearer("aaa.bbb.ccc"), "not a signed JWT"),
        Arguments.of("signed by another key with the trusted kid",
            bearer(TestKeys.sign(TestKeys.IMPOSTOR, valid().build())), "signature does not verify"),
        Arguments.of("unknown kid", bearer(TestKeys.sign(TestKeys.UNPUBLISHED, valid().build())), "no signing key"),
        Arguments.of("trusted key but unpublished kid",
            bearer(TestKeys.sign(TestKeys.TRUSTED, "other-kid", valid().build())), "no signing key"),
        Arguments.of("no kid", bearer(TestKeys.sign(TestKeys.TRUSTED, null, valid().build())), "no kid"),
        Arguments.of("alg none", bearer(TestKeys.unsigned(valid().build())), "not a signed JWT"),
        Arguments.of("HS256 keyed with the public key", bearer(TestKeys.hs256WithPublicKey(valid().build())), "is not RS256"),
        Arguments.of("expired", signed(valid().expirationTime(Date.from(NOW.minusSeconds(1)))), "expired"),
        Arguments.of("expires exactly now", signed(valid().expirationTime(Date.from(NOW))), "expired"),
        Arguments.of("no exp", signed(valid().expirationTime(null)), "exp is missing"),
        Arguments.of("iat in the future", signed(valid().issueTime(Date.from(NOW.plusSeconds(120)))), "iat"),
        Arguments.of("no iat", signed(valid().issueTime(null)), "iat is missing"),
        Arguments.of("auth_time in the future",
            signed(valid().claim("auth_time", NOW.plusSeconds(3600).getEpochSecond())), "auth_time"),
        Arguments.of("no auth_time", signed(valid().claim("auth_time", null)), "auth_time is missing"),
        Arguments.of("wrong audience", signed(valid().audience("another-project")), "aud"),
        Arguments.of("two audiences", signed(valid().audience(java.util.List.of(IdTokens.PROJECT, "x"))), "aud"),
        Arguments.of("no audience", signed(valid().audience((String) null)), "aud"),
        Arguments.of("wrong issuer", signed(valid().issuer("https://securetoken.google.com/another-project")), "iss"),
        Arguments.of("Google OIDC issuer", signed(valid().issuer("https://accounts.google.com")), "iss"),
        Arguments.of("no sub", signed(valid().subject(null)), "sub is missing"),
        Arguments.of("empty sub", signed(valid().subject("")), "sub is missing"),
        Arguments.of("sub over 128 chars", signed(valid().subject("u".repeat(129))), "longer than 128"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String name, String header, String reasonFragment) {
    assertThatThrownBy(() -> verifier.verify(header))
        .isInstanceOf(UnauthenticatedException.class)
        .extracting(e -> ((UnauthenticatedException) e).reason()).asString()
        .contains(reasonFragment);
  }

  @Test
  void acceptsAGoodTokenAndReturnsItsSubjectAsUid() {
    assertThat(verifier.verify(signed(valid()))).isEqualTo(UID);
  }

  @Test
  void acceptsAnyCaseOfTheSchemeAndSurroundingSpace() {
    String token = TestKeys.sign(TestKeys.TRUSTED, valid().build());
    assertThat(verifier.verify("bearer " + token)).isEqualTo(UID);
    assertThat(verifier.verify("  BEARER   " + token + "  ")).isEqualTo(UID);
  }

  @Test
  void toleratesSmallClockSkewOnIssueTime() {
    assertThat(verifier.verify(signed(valid().issueTime(Date.from(NOW.plusSeconds(30)))))).isEqualTo(UID);
  }

  @Test
  void takesTheUidFromSubNotFromUserId() {
    assertThat(verifier.verify(signed(valid().claim("user_id", "mallory")))).isEqualTo(UID);
  }

  @Test
  void verifyNeverCallsTheRevocationCheck() {
    verifier.verify(signed(valid()));
    assertThat(revocation.asked).isEmpty();
  }

  @Test
  void verifyNotRevokedRefusesARevokedTokenWithItsAuthTime() {
    Instant authTime = NOW.minusSeconds(600);
    revocation.revoked = true;
    assertThatThrownBy(() -> verifier.verifyNotRevoked(signed(valid())))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("revoked");
    assertThat(revocation.asked).containsExactly(UID + "@" + authTime);
  }

  @Test
  void verifyNotRevokedAcceptsATokenThatIsStillValid() {
    assertThat(verifier.verifyNotRevoked(signed(valid()))).isEqualTo(UID);
    assertThat(revocation.asked).hasSize(1);
  }

  @Test
  void verifyNotRevokedChecksSignatureBeforeAskingTheAccountService() {
    String forged = bearer(TestKeys.sign(TestKeys.IMPOSTOR, valid().build()));
    assertThatThrownBy(() -> verifier.verifyNotRevoked(forged)).isInstanceOf(UnauthenticatedException.class);
    assertThat(revocation.asked).isEmpty();
  }

  @Test
  void unreachableKeysAreAnOutageNotAnAuthenticationFailure() throws Exception {
    @SuppressWarnings("unchecked")
    JWKSource<SecurityContext> down = mock(JWKSource.class);
    when(down.get(any(), any())).thenThrow(new KeySourceException("connect timed out"));
    FirebaseIdTokenVerifier withoutKeys = new FirebaseIdTokenVerifier(IdTokens.PROJECT, down, revocation, CLOCK);
    assertThatThrownBy(() -> withoutKeys.verify(signed(valid()))).isInstanceOf(AuthServiceUnavailableException.class);
  }

  @Test
  void anUnknownKidPastTheRefetchRateLimitIsRefusedNotAnOutage() {
    JWKSource<SecurityContext> limited = (selector, context) -> {
      throw new com.nimbusds.jose.jwk.source.RateLimitReachedException();
    };
    FirebaseIdTokenVerifier verifier = new FirebaseIdTokenVerifier(IdTokens.PROJECT, limited, revocation, CLOCK);
    assertThatThrownBy(() -> verifier.verify(signed(valid()))).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void refusesAPlainHttpKeySetOutsideLoopback() {
    assertThatThrownBy(() -> FirebaseIdTokenVerifier.fromJwksUrl(IdTokens.PROJECT,
            java.net.URI.create("http://keys.example.com/jwks"), revocation, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
    FirebaseIdTokenVerifier.fromJwksUrl(IdTokens.PROJECT, java.net.URI.create("http://127.0.0.1:9099/jwks"), revocation, CLOCK);
    FirebaseIdTokenVerifier.fromJwksUrl(IdTokens.PROJECT, FirebaseIdTokenVerifier.GOOGLE_JWKS_URL, revocation, CLOCK);
  }

  private static final class RecordingRevocation implements RevocationCheck {
    final java.util.List<String> asked = new java.util.ArrayList<>();
    boolean revoked;

    @Override
    public boolean isRevoked(String uid, Instant authTime) {
      asked.add(uid + "@" + authTime);
      return revoked;
    }
  }
}
