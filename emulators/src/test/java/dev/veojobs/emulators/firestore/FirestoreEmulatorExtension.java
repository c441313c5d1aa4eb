package dev.veojobs.emulators.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator per test class, reset before each test, with official clients pointed at it the way an
 * application points them at the official emulator.
 */
final class FirestoreEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  static final String PROJECT = "veo-jobs-test";
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final Path indexes;
  private final List<Firestore> clients = new ArrayList<>();
  private EmulatorClock clock;
  private FirestoreEmulator emulator;

  FirestoreEmulatorExtension() {
    this(null);
  }

  FirestoreEmulatorExtension(Path indexes) {
    this.indexes = indexes;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    clock = EmulatorClock.manual(START);
    emulator = FirestoreEmulator.builder().clock(clock).indexes(indexes).port(0).adminPort(0).build().start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (Firestore client : clients) {
      client.close();
    }
    emulator.close();
  }

  EmulatorClock clock() {
    return clock;
  }

  FirestoreEmulator emulator() {
    return emulator;
  }

  /** A new official client for the test project. */
  Firestore client() {
    return client(PROJECT);
  }

  Firestore client(String projectId) {
    Firestore client = FirestoreOptions.newBuilder()
        .setProjectId(projectId)
        .setEmulatorHost(emulator.hostAndPort())
        .build()
        .getService();
    clients.add(client);
    return client;
  }
}
