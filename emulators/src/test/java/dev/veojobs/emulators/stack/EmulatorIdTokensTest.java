package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmulatorIdTokensTest {
  @Test
  void tokensCarryTheClaimsOfAFirebaseIdTokenWithoutASignature() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    String token = EmulatorIdTokens.forUser("demo-veo-jobs", "alice", now);

    assertThat(token).endsWith(".");
    JWT jwt = JWTParser.parse(token);
    assertThat(jwt).isInstanceOf(PlainJWT.class);
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://securetoken.google.com/demo-veo-jobs");
    assertThat(claims.getAudience()).containsExactly("demo-veo-jobs");
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(now);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plusSeconds(3600));
    assertThat(claims.getDateClaim("auth_time").toInstant()).isEqualTo(now);
  }

  @Test
  void theBrowserVersionMakesTheSameClaims() {
    String js = EmulatorIdTokens.javascriptFunction("demo-veo-jobs");

    assertThat(js).contains("iss: \"https://securetoken.google.com/demo-veo-jobs\"", "aud: \"demo-veo-jobs\"",
        "sub: uid", "auth_time: now", "exp: now + 3600", "alg: \"none\"");
  }
}
