package dev.veojobs.security;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;

/**
 * Accepts the unsigned ({@code "alg":"none"}) ID tokens the official Firebase Auth emulator issues,
 * with the same claim rules as production. Anyone can forge such a token, so the constructor runs
 * {@link EmulatorModeGuard} and this verifier cannot exist on Cloud Run.
 */
public final class EmulatorIdTokenVerifier implements CallerVerifier {
  private final IdTokenRules rules;
  private final RevocationCheck revocation;

  /** {@code env} is the process environment, handed in by the config layer. */
  public EmulatorIdTokenVerifier(String projectId, RevocationCheck revocation, Clock clock, Map<String, String> env) {
    EmulatorModeGuard.check(env);
    this.rules = new IdTokenRules(projectId, clock, FirebaseIdTokenVerifier.CLOCK_SKEW);
    this.revocation = revocation;
  }

  @Override
  public String verify(String authorizationHeader) {
    return verifyToken(authorizationHeader).uid();
  }

  @Override
  public String verifyNotRevoked(String authorizationHeader) {
    VerifiedIdToken token = verifyToken(authorizationHeader);
    if (revocation.isRevoked(token.uid(), token.authTime())) {
      throw new UnauthenticatedException("token of " + token.uid() + " was revoked or the user is disabled");
    }
    return token.uid();
  }

  public VerifiedIdToken verifyToken(String authorizationHeader) {
    String token = BearerToken.extract(authorizationHeader);
    JWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = JWTParser.parse(token);
      if (!(jwt instanceof PlainJWT)) {
        throw new UnauthenticatedException("emulator mode accepts only unsigned (alg none) tokens, got "
            + jwt.getHeader().getAlgorithm());
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new UnauthenticatedException("not a JWT: " + e.getMessage());
    }
    return rules.check(claims);
  }
}
