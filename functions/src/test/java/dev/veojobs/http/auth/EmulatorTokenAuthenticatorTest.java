package dev.veojobs.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.veojobs.http.FakeHttpRequest;
import org.junit.jupiter.api.Test;

class EmulatorTokenAuthenticatorTest {
  final EmulatorTokenAuthenticator authenticator = new EmulatorTokenAuthenticator();

  String uidOf(FakeHttpRequest request) throws UnauthenticatedException {
    return authenticator.authenticate(request);
  }

  UnauthenticatedException rejection(FakeHttpRequest request) {
    return catchThrowableOfType(UnauthenticatedException.class, () -> authenticator.authenticate(request));
  }

  @Test
  void takesTheUidFromAnEmulatorToken() throws Exception {
    assertThat(uidOf(FakeHttpRequest.get("/v1/jobs").bearer(EmulatorTokens.forUid("alice")))).isEqualTo("alice");
  }

  @Test
  void fallsBackToSub() throws Exception {
    String token = new PlainJWT(new JWTClaimsSet.Builder().subject("bob").build()).serialize();

    assertThat(uidOf(FakeHttpRequest.get("/").header("authorization", "bearer " + token))).isEqualTo("bob");
  }

  @Test
  void aMissingHeaderIsNotAnInvalidToken() {
    UnauthenticatedException e = rejection(FakeHttpRequest.get("/"));

    assertThat(e.tokenPresented()).isFalse();
  }

  @Test
  void refusesMalformedAndClaimlessTokens() {
    assertThat(rejection(FakeHttpRequest.get("/").bearer("not-a-jwt")).tokenPresented()).isTrue();
    assertThat(rejection(FakeHttpRequest.get("/").header("Authorization", "Basic YWxpY2U6cHc="))).isNotNull();
    assertThat(rejection(FakeHttpRequest.get("/").header("Authorization", "Bearer "))).isNotNull();
    String noUid = new PlainJWT(new JWTClaimsSet.Builder().claim("email", "a@b.c").build()).serialize();
    assertThat(rejection(FakeHttpRequest.get("/").bearer(noUid)).getMessage()).contains("user_id");
    String numericUid = new PlainJWT(new JWTClaimsSet.Builder().claim("user_id", 42).build()).serialize();
    assertThat(rejection(FakeHttpRequest.get("/").bearer(numericUid))).isNotNull();
    String longUid = new PlainJWT(new JWTClaimsSet.Builder().subject("u".repeat(129)).build()).serialize();
    assertThat(rejection(FakeHttpRequest.get("/").bearer(longUid))).isNotNull();
  }

  @Test
  void refusesSignedTokensItCannotVerify() throws Exception {
    SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
        new JWTClaimsSet.Builder().subject("mallory").build());
    signed.sign(new MACSigner("0123456789abcdef0123456789abcdef"));

    assertThat(rejection(FakeHttpRequest.get("/").bearer(signed.serialize())).getMessage())
        .contains("unsigned");
  }

  @Test
  void firebaseModeFailsClosedForNow() {
    UnauthenticatedException e = catchThrowableOfType(UnauthenticatedException.class,
        () -> new FirebaseUnavailableAuthenticator()
            .authenticate(FakeHttpRequest.get("/").bearer(EmulatorTokens.forUid("alice"))));

    assertThat(e.tokenPresented()).isTrue();
  }
}
