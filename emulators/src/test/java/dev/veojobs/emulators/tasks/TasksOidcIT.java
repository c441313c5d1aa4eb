package dev.veojobs.emulators.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tasks.v2.HttpRequest;
import com.google.cloud.tasks.v2.OidcToken;
import com.google.cloud.tasks.v2.Task;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Verifies dispatched tokens the way a handler would: discovery document, JWKS, signature, claims. */
class TasksOidcIT extends TasksItSupport {
  private static final String SERVICE_ACCOUNT = "tasks-invoker@demo-project.iam.gserviceaccount.com";

  private JsonNode getJson(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return new ObjectMapper().readTree(response.body());
    }
  }

  private SignedJWT dispatchedToken(String path, String audience) {
    OidcToken.Builder oidc = OidcToken.newBuilder().setServiceAccountEmail(SERVICE_ACCOUNT);
    if (audience != null) {
      oidc.setAudience(audience);
    }
    create(
        "secured",
        Task.newBuilder().setHttpRequest(HttpRequest.newBuilder().setUrl(receiver.url(path)).setOidcToken(oidc)));
    idle();
    String authorization = receiver.requests().getLast().header("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    try {
      return SignedJWT.parse(authorization.substring("Bearer ".length()));
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  private RSAKey publishedKey(String keyId) throws Exception {
    JsonNode discovery = getJson(emu.oidcIssuer() + "/.well-known/openid-configuration");
    assertThat(discovery.path("issuer").asText()).isEqualTo(emu.oidcIssuer());
    assertThat(discovery.path("jwks_uri").asText()).isEqualTo(emu.jwksUrl());
    JWKSet keys = JWKSet.load(URI.create(discovery.path("jwks_uri").asText()).toURL());
    assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).as("only public keys are published").isFalse());
    return keys.getKeyByKeyId(keyId).toRSAKey();
  }

  @Test
  void tokenVerifiesAgainstThePublishedJwksAndCarriesTheExpectedClaims() throws Exception {
    createQueue("secured");
    Instant dispatchedAt = clock.instant();
    SignedJWT jwt = dispatchedToken("/worker", "https://job-worker.example.run.app");

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    RSAKey key = publishedKey(jwt.getHeader().getKeyID());
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(emu.oidcIssuer()).isEqualTo("http://localhost:" + emu.adminPort());
    assertThat(claims.getIssuer()).isEqualTo(emu.oidcIssuer());
    assertThat(claims.getAudience()).containsExactly("https://job-worker.example.run.app");
    assertThat(claims.getSubject()).isEqualTo(SERVICE_ACCOUNT);
    assertThat(claims.getStringClaim("email")).isEqualTo(SERVICE_ACCOUNT);
    assertThat(claims.getBooleanClaim("email_verified")).isTrue();
    Instant issued = dispatchedAt.truncatedTo(ChronoUnit.SECONDS);
    assertThat(claims.getIssueTime().toInstant()).as("issued on the emulator clock").isEqualTo(issued);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issued.plus(Duration.ofHours(1)));
  }

  @Test
  void audienceDefaultsToTheUrlWithoutItsQuery() throws Exception {
    createQueue("secured");
    SignedJWT jwt = dispatchedToken("/worker/poll?job=9&n=2", null);
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(receiver.url("/worker/poll"));
  }

  @Test
  void tamperedTokenFailsVerification() throws Exception {
    createQueue("secured");
    SignedJWT jwt = dispatchedToken("/worker", "aud");
    RSAKey key = publishedKey(jwt.getHeader().getKeyID());
    String[] parts = jwt.serialize().split("\\.");
    JWTClaimsSet forged = new JWTClaimsSet.Builder(jwt.getJWTClaimsSet()).subject("attacker@example.com").build();
    String forgedPayload = com.nimbusds.jose.util.Base64URL.encode(forged.toString()).toString();
    SignedJWT tampered = SignedJWT.parse(parts[0] + "." + forgedPayload + "." + parts[2]);
    assertThat(tampered.verify(new RSASSAVerifier(key))).isFalse();
  }
}
