package dev.veojobs.emulators.storage;

import com.google.api.core.ApiClock;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A started emulator on a manual clock plus the official client pointed at it, the way the
 * project's adapter builds it. Tests close it in {@code @AfterEach}/{@code @AfterAll}.
 */
final class EmulatedStorage implements AutoCloseable {
  static final String PROJECT = "veo-jobs-local";
  static final Instant START = Instant.parse("2030-01-15T10:00:00Z");

  final EmulatorClock clock = EmulatorClock.manual(START);
  final StorageEmulator emulator = StorageEmulator.builder().clock(clock).port(0).build().start();
  final Storage storage = client(emulator, clock);

  /** The documented client setup, plus the emulator clock so signed URLs carry emulator time. */
  static Storage client(StorageEmulator emulator, EmulatorClock clock) {
    return StorageOptions.newBuilder()
        .setProjectId(PROJECT)
        .setHost(emulator.baseUrl())
        .setCredentials(NoCredentials.getInstance())
        .setClock(apiClock(clock))
        .build()
        .getService();
  }

  private static ApiClock apiClock(EmulatorClock clock) {
    return new ApiClock() {
      @Override
      public long nanoTime() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
      }

      @Override
      public long millisTime() {
        return clock.millis();
      }
    };
  }

  @Override
  public void close() throws Exception {
    storage.close();
    emulator.close();
  }
}
