package dev.veojobs.emulators.storage;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * A service account that exists only here: a freshly generated RSA key pair wrapped in
 * ServiceAccountCredentials, which the client uses to sign V4 URLs without any network call.
 */
record LocalSigner(String email, KeyPair keys, ServiceAccountCredentials credentials) {

  static LocalSigner generate(String email) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      ServiceAccountCredentials credentials = ServiceAccountCredentials.newBuilder()
          .setClientEmail(email)
          .setClientId("local-" + Math.abs(email.hashCode()))
          .setPrivateKey(keys.getPrivate())
          .setPrivateKeyId("local-key")
          .setProjectId(EmulatedStorage.PROJECT)
          .build();
      return new LocalSigner(email, keys, credentials);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships RSA", e);
    }
  }

  /** Registers this signer's public key with the emulator. */
  LocalSigner trustedBy(StorageEmulator emulator) {
    emulator.trustSigner(email, keys.getPublic());
    return this;
  }
}
