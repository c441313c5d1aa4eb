package dev.veojobs.emulators.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for Firebase Authentication that signs real RS256 ID tokens, so the production
 * verifier (signature, kid, claims) runs unchanged against it: point the JWKS URL at {@link #jwksUrl()}
 * and the Identity Toolkit base URL at {@link #identityToolkitBaseUrl()}. Users exist from their first
 * {@link #signInAs}; {@link #revokeTokens} moves their {@code validSince} as Firebase's revocation does.
 */
public final class AuthEmulator implements AutoCloseable {
  /** The path Google serves the securetoken JWK set under; the emulator serves its own key there. */
  public static final String JWKS_PATH = "/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";
  public static final String IDENTITY_TOOLKIT_PREFIX = "/identitytoolkit.googleapis.com";
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final EmulatorClock clock;
  private final String projectId;
  private final int requestedPort;
  private final RSAKey signingKey;
  private final Map<String, AuthUser> users = new ConcurrentHashMap<>();
  private AuthHttpServer server;

  private AuthEmulator(Builder builder) {
    this.clock = builder.clock == null ? EmulatorClock.system() : builder.clock;
    this.projectId = builder.projectId;
    this.requestedPort = builder.port;
    this.signingKey = generateKey();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds 127.0.0.1 on the requested port, or a free one when it is 0. */
  public synchronized AuthEmulator start() {
    if (server != null) {
      throw new IllegalStateException("the Auth emulator is already started");
    }
    try {
      server = new AuthHttpServer(this, requestedPort);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the Auth emulator to port " + requestedPort, e);
    }
    return this;
  }

  public int port() {
    return requireStarted().port();
  }

  /** "127.0.0.1:port", the form FIREBASE_AUTH_EMULATOR_HOST takes. */
  public String hostAndPort() {
    return "127.0.0.1:" + port();
  }

  public String endpoint() {
    return "http://" + hostAndPort();
  }

  /** Where verifiers fetch the emulator's public key (set FIREBASE_AUTH_JWKS_URL to this). */
  public String jwksUrl() {
    return endpoint() + JWKS_PATH;
  }

  /** Base URL for Identity Toolkit calls, replacing https://identitytoolkit.googleapis.com. */
  public String identityToolkitBaseUrl() {
    return endpoint() + IDENTITY_TOOLKIT_PREFIX;
  }

  public String projectId() {
    return projectId;
  }

  /** The iss of every token: https://securetoken.google.com/{projectId}, as in production. */
  public String issuer() {
    return "https://securetoken.google.com/" + projectId;
  }

  public EmulatorClock clock() {
    return clock;
  }

  /** Signs {@code uid} in (creating the account on first use) and returns a one-hour ID token. */
  public String signInAs(String uid) {
    Instant now = clock.instant();
    users.merge(uid, AuthUser.created(uid, now), (existing, fresh) -> existing.signedIn(now));
    return sign(claimsFor(uid, now).build());
  }

  /**
   * The claims {@link #signInAs} would issue now, for tests that bend one claim (audience, expiry)
   * and sign the result with {@link #sign}; does not create the account.
   */
  public JWTClaimsSet.Builder claimsFor(String uid) {
    return claimsFor(uid, clock.instant());
  }

  /** Signs arbitrary claims with the emulator's key (its kid in the header). */
  public String sign(JWTClaimsSet claims) {
    try {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
          .keyID(signingKey.getKeyID())
          .type(JOSEObjectType.JWT)
          .build();
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new RSASSASigner(signingKey));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an ID token", e);
    }
  }

  /** Revokes every token of {@code uid} issued before now (whole seconds, like Firebase). */
  public Instant revokeTokens(String uid) {
    Instant now = clock.instant();
    AuthUser user = users.computeIfPresent(uid, (id, existing) -> existing.revokedAt(now));
    if (user == null) {
      throw new IllegalArgumentException("no user " + uid);
    }
    return Instant.ofEpochSecond(user.validSinceSeconds());
  }

  /** A disabled user's tokens are refused by the revocation check. */
  public void setDisabled(String uid, boolean disabled) {
    if (users.computeIfPresent(uid, (id, existing) -> existing.withDisabled(disabled)) == null) {
      throw new IllegalArgumentException("no user " + uid);
    }
  }

  /** The account's validSince, when it exists. */
  public Optional<Instant> validSince(String uid) {
    return Optional.ofNullable(users.get(uid)).map(user -> Instant.ofEpochSecond(user.validSinceSeconds()));
  }

  public int userCount() {
    return users.size();
  }

  /** Drops every account; the signing key stays, so verifiers' cached key sets stay valid. */
  public void reset() {
    users.clear();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  Optional<AuthUser> user(String uid) {
    return Optional.ofNullable(users.get(uid));
  }

  List<AuthUser> users() {
    return List.copyOf(users.values());
  }

  Map<String, Object> publicJwks() {
    return new JWKSet(signingKey.toPublicJWK()).toJSONObject(true);
  }

  private JWTClaimsSet.Builder claimsFor(String uid, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(projectId)
        .subject(uid)
        .claim("user_id", uid)
        .claim("auth_time", now.getEpochSecond())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .claim("firebase", Map.of("identities", Map.of(), "sign_in_provider", "custom"));
  }

  private AuthHttpServer requireStarted() {
    AuthHttpServer running = server;
    if (running == null) {
      throw new IllegalStateException("the Auth emulator is not started");
    }
    return running;
  }

  private static RSAKey generateKey() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID("auth-emulator-" + UUID.randomUUID())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate the emulator's signing key", e);
    }
  }

  public static final class Builder {
    private EmulatorClock clock;
    private String projectId = "demo-veo-jobs";
    private int port;

    private Builder() {}

    public Builder clock(EmulatorClock clock) {
      this.clock = clock;
      return this;
    }

    public Builder projectId(String projectId) {
      if (projectId == null || projectId.isBlank()) {
        throw new IllegalArgumentException("projectId is required");
      }
      this.projectId = projectId;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public AuthEmulator build() {
      return new AuthEmulator(this);
    }
  }
}
