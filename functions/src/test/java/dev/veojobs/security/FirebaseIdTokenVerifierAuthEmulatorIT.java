package dev.veojobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.emulators.auth.AuthEmulator;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production verifier, unchanged, against the local Auth emulator: keys fetched over HTTP from its
 * JWK set, revocation looked up through its Identity Toolkit subset, time from the shared clock.
 */
class FirebaseIdTokenVerifierAuthEmulatorIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T12:00:00Z"));
  private static AuthEmulator auth;
  private static FirebaseIdTokenVerifier verifier;

  @BeforeAll
  static void start() {
    auth = AuthEmulator.builder().clock(CLOCK).projectId("demo-veo").port(0).build().start();
    RevocationCheck revocation = new IdentityToolkitRevocationCheck(
        URI.create(auth.identityToolkitBaseUrl()), "demo-veo", () -> "owner");
    verifier = FirebaseIdTokenVerifier.fromJwksUrl("demo-veo", URI.create(auth.jwksUrl()), revocation, CLOCK);
  }

  @AfterAll
  static void stop() {
    auth.close();
  }

  @BeforeEach
  void reset() {
    auth.reset();
  }

  @Test
  void acceptsATokenTheEmulatorIssued() {
    String token = auth.signInAs("alice");
    assertThat(verifier.verify("Bearer " + token)).isEqualTo("alice");
    assertThat(verifier.verifyNotRevoked("Bearer " + token)).isEqualTo("alice");
  }

  @Test
  void aRevokedSessionIsRefusedOnlyWhereRevocationIsChecked() {
    String token = auth.signInAs("bob");
    CLOCK.advance(Duration.ofSeconds(2));
    auth.revokeTokens("bob");

    assertThatThrownBy(() -> verifier.verifyNotRevoked("Bearer " + token))
        .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("revoked");
    assertThat(verifier.verify("Bearer " + token)).isEqualTo("bob");

    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(verifier.verifyNotRevoked("Bearer " + auth.signInAs("bob"))).isEqualTo("bob");
  }

  @Test
  void aDisabledOrUnknownUserIsRefusedOnCreate() {
    String token = auth.signInAs("carol");
    auth.setDisabled("carol", true);
    assertThatThrownBy(() -> verifier.verifyNotRevoked("Bearer " + token)).isInstanceOf(UnauthenticatedException.class);

    String orphan = auth.sign(auth.claimsFor("never-signed-in").build());
    assertThat(verifier.verify("Bearer " + orphan)).isEqualTo("never-signed-in");
    assertThatThrownBy(() -> verifier.verifyNotRevoked("Bearer " + orphan)).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void refusesExpiredWrongAudienceWrongIssuerAndForeignTokens() {
    String expiresSoon = auth.signInAs("dave");
    CLOCK.advance(Duration.ofMinutes(61));
    assertThatThrownBy(() -> verifier.verify("Bearer " + expiresSoon)).hasMessageContaining("expired");

    String wrongAudience = auth.sign(auth.claimsFor("dave").audience("another-project").build());
    assertThatThrownBy(() -> verifier.verify("Bearer " + wrongAudience)).hasMessageContaining("aud");

    String wrongIssuer = auth.sign(auth.claimsFor("dave").issuer("https://securetoken.google.com/another-project").build());
    assertThatThrownBy(() -> verifier.verify("Bearer " + wrongIssuer)).hasMessageContaining("iss");

    String futureIat = auth.sign(auth.claimsFor("dave").issueTime(Date.from(CLOCK.instant().plusSeconds(600))).build());
    assertThatThrownBy(() -> verifier.verify("Bearer " + futureIat)).hasMessageContaining("iat");

    try (AuthEmulator other = AuthEmulator.builder().clock(CLOCK).projectId("demo-veo").build().start()) {
      String foreign = other.signInAs("mallory");
      assertThatThrownBy(() -> verifier.verify("Bearer " + foreign)).hasMessageContaining("no signing key");
    }
  }
}
