package dev.veojobs.emulators.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthEmulatorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  // One emulator per class: generating its RSA key is the slow part. Tests reset it and read the time.
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T12:00:00Z"));
  private static AuthEmulator auth;

  private final HttpClient http = HttpClient.newHttpClient();
  private Instant start;

  @BeforeAll
  static void startEmulator() {
    auth = AuthEmulator.builder().clock(CLOCK).projectId("demo-veo").port(0).build().start();
  }

  @AfterAll
  static void stopEmulator() {
    auth.close();
  }

  @BeforeEach
  void resetEmulator() {
    auth.reset();
    start = CLOCK.instant();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(auth.endpoint() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auth.endpoint() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> lookup(String body) throws IOException, InterruptedException {
    return post("/identitytoolkit.googleapis.com/v1/projects/demo-veo/accounts:lookup", body, "Bearer owner");
  }

  @Test
  void issuesRs256TokensInFirebasesShapeThatVerifyAgainstTheServedKeySet() throws Exception {
    String token = auth.signInAs("alice");

    JWKSet keys = JWKSet.parse(get(AuthEmulator.JWKS_PATH).body());
    SignedJWT jwt = SignedJWT.parse(token);
    RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://securetoken.google.com/demo-veo");
    assertThat(claims.getAudience()).containsExactly("demo-veo");
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringClaim("user_id")).isEqualTo("alice");
    assertThat(claims.getLongClaim("auth_time")).isEqualTo(start.getEpochSecond());
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(start));
    assertThat(claims.getExpirationTime()).isEqualTo(Date.from(start.plus(Duration.ofHours(1))));
    assertThat(auth.jwksUrl()).isEqualTo(auth.endpoint() + AuthEmulator.JWKS_PATH);
  }

  @Test
  void tokensFollowTheEmulatorClock() throws Exception {
    CLOCK.advance(Duration.ofMinutes(90));
    JWTClaimsSet claims = SignedJWT.parse(auth.signInAs("alice")).getJWTClaimsSet();
    assertThat(claims.getIssueTime()).isEqualTo(Date.from(start.plus(Duration.ofMinutes(90))));
  }

  @Test
  void lookupAnswersValidSinceAndRevocationMovesIt() throws Exception {
    auth.signInAs("alice");
    JsonNode before = JSON.readTree(lookup("{\"localId\":[\"alice\"]}").body());
    assertThat(before.path("users").get(0).path("localId").asText()).isEqualTo("alice");
    assertThat(before.path("users").get(0).path("validSince").asText()).isEqualTo(Long.toString(start.getEpochSecond()));

    CLOCK.advance(Duration.ofSeconds(30));
    auth.revokeTokens("alice");

    JsonNode after = JSON.readTree(lookup("{\"localId\":[\"alice\"]}").body());
    assertThat(after.path("users").get(0).path("validSince").asText())
        .isEqualTo(Long.toString(start.getEpochSecond() + 30));
  }

  @Test
  void lookupWithoutTheProjectInThePathUsesTheEmulatorsProject() throws Exception {
    auth.signInAs("bob");
    HttpResponse<String> response = post("/identitytoolkit.googleapis.com/v1/accounts:lookup",
        "{\"localId\":[\"bob\"]}", "Bearer owner");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("users").get(0).path("localId").asText()).isEqualTo("bob");
  }

  @Test
  void anUnknownUserIsAnEmptyAnswerLikeProduction() throws Exception {
    HttpResponse<String> response = lookup("{\"localId\":[\"nobody\"]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("identitytoolkit#GetAccountInfoResponse");
    assertThat(body.has("users")).isFalse();
  }

  @Test
  void aDisabledUserIsReportedDisabled() throws Exception {
    auth.signInAs("carol");
    auth.setDisabled("carol", true);
    assertThat(JSON.readTree(lookup("{\"localId\":[\"carol\"]}").body()).path("users").get(0).path("disabled").asBoolean())
        .isTrue();
  }

  @Test
  void lookupErrorsAreClientErrorsNeverServerErrors() throws Exception {
    HttpResponse<String> noCredentials = post("/identitytoolkit.googleapis.com/v1/projects/demo-veo/accounts:lookup",
        "{\"localId\":[\"alice\"]}", null);
    assertThat(noCredentials.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(noCredentials.body()).path("error").path("status").asText()).isEqualTo("UNAUTHENTICATED");

    HttpResponse<String> otherProject = post("/identitytoolkit.googleapis.com/v1/projects/other/accounts:lookup",
        "{\"localId\":[\"alice\"]}", "Bearer owner");
    assertThat(otherProject.statusCode()).isEqualTo(400);
    assertThat(otherProject.body()).contains("INVALID_PROJECT_ID");

    assertThat(lookup("{}").statusCode()).isEqualTo(400);
    assertThat(lookup("{not json").statusCode()).isEqualTo(400);
    assertThat(lookup("{\"localId\":[1]}").statusCode()).isEqualTo(400);
    assertThat(lookup("{\"idToken\":\"x\"}").statusCode()).isEqualTo(501);
    assertThat(get("/identitytoolkit.googleapis.com/v1/projects/demo-veo/accounts:lookup").statusCode()).isEqualTo(405);
  }

  @Test
  void anythingOutsideTheSubsetIsUnimplementedNamingIt() throws Exception {
    HttpResponse<String> response = post("/identitytoolkit.googleapis.com/v1/accounts:signUp", "{}", null);
    assertThat(response.statusCode()).isEqualTo(501);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("status").asText()).isEqualTo("UNIMPLEMENTED");
    assertThat(error.path("message").asText()).contains("accounts:signUp");
  }

  @Test
  void controlPlaneSignsInRevokesListsAndResets() throws Exception {
    assertThat(get("/_emulator/health").body()).contains("\"ok\"");

    JsonNode signIn = JSON.readTree(post("/_emulator/sign-in", "{\"uid\":\"dave\"}", null).body());
    assertThat(signIn.path("localId").asText()).isEqualTo("dave");
    assertThat(SignedJWT.parse(signIn.path("idToken").asText()).getJWTClaimsSet().getSubject()).isEqualTo("dave");

    CLOCK.advance(Duration.ofSeconds(5));
    JsonNode revoked = JSON.readTree(post("/_emulator/revoke", "{\"uid\":\"dave\"}", null).body());
    assertThat(revoked.path("validSince").asText()).isEqualTo(Long.toString(start.getEpochSecond() + 5));
    assertThat(post("/_emulator/revoke", "{\"uid\":\"nobody\"}", null).statusCode()).isEqualTo(404);
    assertThat(post("/_emulator/sign-in", "{}", null).statusCode()).isEqualTo(400);

    assertThat(JSON.readTree(get("/_emulator/users").body()).path("users")).hasSize(1);
    assertThat(post("/_emulator/reset", "", null).statusCode()).isEqualTo(200);
    assertThat(auth.userCount()).isZero();
    assertThat(JSON.readTree(lookup("{\"localId\":[\"dave\"]}").body()).has("users")).isFalse();
  }

  @Test
  void aTokenFromAnotherEmulatorInstanceDoesNotVerifyWithThisKeySet() throws Exception {
    try (AuthEmulator other = AuthEmulator.builder().clock(CLOCK).projectId("demo-veo").build().start()) {
      SignedJWT foreign = SignedJWT.parse(other.signInAs("mallory"));
      JWKSet keys = JWKSet.parse(get(AuthEmulator.JWKS_PATH).body());
      assertThat(keys.getKeyByKeyId(foreign.getHeader().getKeyID())).isNull();
      RSAKey ours = (RSAKey) keys.getKeys().get(0);
      assertThat(foreign.verify(new RSASSAVerifier(ours))).isFalse();
    }
  }
}
