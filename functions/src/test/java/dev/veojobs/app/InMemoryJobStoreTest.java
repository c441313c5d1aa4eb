package dev.veojobs.app;

import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;

/** The store every use-case test runs on, held to the same contract as the Firestore store. */
class InMemoryJobStoreTest extends JobStoreContract {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void advance(Duration duration) {
    clock.advance(duration);
  }
}
