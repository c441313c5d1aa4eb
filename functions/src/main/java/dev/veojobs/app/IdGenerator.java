package dev.veojobs.app;

import java.security.SecureRandom;

/** Makes new job ids. Injected so tests can predict ids; production uses {@link #random()}. */
@FunctionalInterface
public interface IdGenerator {

  String newId();

  int RANDOM_ID_LENGTH = 20;

  /**
   * 20 characters of [A-Za-z0-9] from a SecureRandom (about 119 bits): unguessable, safe in URLs,
   * Firestore document ids and Cloud Tasks task names, and spread evenly so task names do not
   * form the sequential prefixes Cloud Tasks handles badly.
   */
  static IdGenerator random() {
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return () -> {
      char[] id = new char[RANDOM_ID_LENGTH];
      for (int i = 0; i < id.length; i++) {
        id[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      return new String(id);
    };
  }
}
