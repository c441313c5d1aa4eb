package dev.veojobs.security;

import static dev.veojobs.security.IdTokens.NOW;
import static dev.veojobs.security.IdTokens.UID;
import static dev.veojobs.security.IdTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorIdTokenVerifierTest {
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, String> LOCAL_ENV = Map.of("PATH", "/usr/bin", "HOME", "/root");

  private final EmulatorIdTokenVerifier verifier =
      new EmulatorIdTokenVerifier(IdTokens.PROJECT, RevocationCheck.disabled(), CLOCK, LOCAL_ENV);

  /** What the official Firebase Auth emulator hands out: header {"alg":"none","typ":"JWT"}, empty signature. */
  private static String unsigned(com.nimbusds.jwt.JWTClaimsSet.Builder claims) {
    return "Bearer " + TestKeys.unsigned(claims.build());
  }

  @Test
  void acceptsAnUnsignedEmulatorToken() {
    assertThat(verifier.verify(unsigned(valid()))).isEqualTo(UID);
  }

  @Test
  void acceptsTheOfficialEmulatorsExactTokenShape() {
    String header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"name\":\"A\",\"email\":\"a@example.com\",\"email_verified\":true,\"auth_time\":" + NOW.minusSeconds(5).getEpochSecond()
            + ",\"user_id\":\"" + UID + "\",\"firebase\":{\"identities\":{},\"sign_in_provider\":\"password\"}"
            + ",\"iat\":" + NOW.minusSeconds(5).getEpochSecond() + ",\"exp\":" + NOW.plusSeconds(3595).getEpochSecond()
            + ",\"aud\":\"" + IdTokens.PROJECT + "\",\"iss\":\"https://securetoken.google.com/" + IdTokens.PROJECT
            + "\",\"sub\":\"" + UID + "\"}").getBytes());
    assertThat(verifier.verify("Bearer " + header + "." + payload + ".")).isEqualTo(UID);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("missing header", null, "no Authorization header"),
        Arguments.of("not Bearer", "Token abc", "not a Bearer"),
        Arguments.of("malformed", "Bearer garbage", "not a JWT"),
        Arguments.of("a signed token", "Bearer " + TestKeys.sign(TestKeys.TRUSTED, valid().build()), "only unsigned"),
        Arguments.of("expired", unsigned(valid().expirationTime(Date.from(NOW.minusSeconds(1)))), "expired"),
        Arguments.of("future iat", unsigned(valid().issueTime(Date.from(NOW.plusSeconds(600)))), "iat"),
        Arguments.of("wrong audience", unsigned(valid().audience("someone-else")), "aud"),
        Arguments.of("wrong issuer", unsigned(valid().issuer("https://securetoken.google.com/someone-else")), "iss"),
        Arguments.of("missing sub", unsigned(valid().subject(null)), "sub is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String name, String header, String reasonFragment) {
    assertThatThrownBy(() -> verifier.verify(header))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining(reasonFragment);
  }

  @ParameterizedTest
  @ValueSource(strings = {"K_SERVICE", "K_REVISION", "K_CONFIGURATION", "CLOUD_RUN_JOB"})
  void refusesToExistOnCloudRun(String variable) {
    Map<String, String> cloudRun = Map.of(variable, "jobs-api", "PATH", "/usr/bin");
    assertThatThrownBy(() -> new EmulatorIdTokenVerifier(IdTokens.PROJECT, RevocationCheck.disabled(), CLOCK, cloudRun))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("emulator auth mode refuses to run on Cloud Run");
  }

  @Test
  void guardPassesALocalEnvironment() {
    EmulatorModeGuard.check(LOCAL_ENV);
  }
}
