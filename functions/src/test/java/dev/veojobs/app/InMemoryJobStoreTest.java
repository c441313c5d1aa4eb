package dev.veojobs.app;

import dev.veojobs.emulators.clock.EmulatorClock;

/** The store every use-case test runs on, held to the same contract as the Firestore store. */
class InMemoryJobStoreTest extends JobStoreContract {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected EmulatorClock clock() {
    return clock;
  }
}
