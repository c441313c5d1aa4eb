package dev.veojobs.emulators.stack.config;

import java.util.Map;

/**
 * Emulators already running outside the stack, such as the official Firebase emulators
 * ({@code firebase emulators:start} with {@code emulator-config/firebase.json}). When one is set the
 * stack points everything at it instead of starting its own.
 *
 * @param firestoreHost {@code host:port}, as FIRESTORE_EMULATOR_HOST gives it; null: start ours
 * @param storageHost {@code host:port} or {@code http://host:port}, as STORAGE_EMULATOR_HOST; null: start ours
 */
public record ExternalEmulators(String firestoreHost, String storageHost) {
  public static final String FIRESTORE_ENV = "FIRESTORE_EMULATOR_HOST";
  public static final String STORAGE_ENV = "STORAGE_EMULATOR_HOST";

  public ExternalEmulators {
    firestoreHost = blankToNull(firestoreHost);
    storageHost = blankToNull(storageHost);
  }

  public static ExternalEmulators none() {
    return new ExternalEmulators(null, null);
  }

  /** From this process's environment; the one place the stack reads it. */
  public static ExternalEmulators fromEnvironment() {
    return from(System.getenv());
  }

  public static ExternalEmulators from(Map<String, String> env) {
    return new ExternalEmulators(env.get(FIRESTORE_ENV), env.get(STORAGE_ENV));
  }

  /** The Storage host as a base URL, {@code http://host:port}. */
  public String storageBaseUrl() {
    if (storageHost == null) {
      return null;
    }
    String host = storageHost.endsWith("/") ? storageHost.substring(0, storageHost.length() - 1) : storageHost;
    return host.contains("://") ? host : "http://" + host;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
