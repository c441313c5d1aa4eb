package dev.veojobs.emulators.stack.config;

import java.time.Duration;
import java.util.List;

/** {@code fake_veo} of {@code local-stack.json}: how the Veo emulator behaves in the local stack. */
public record FakeVeoSettings(
    Duration generation,
    Duration generationJitter,
    int requestsPerMinute,
    int width,
    int height,
    int framesPerSecond,
    List<ScriptedOutcome> scriptedOutcomes) {

  public FakeVeoSettings {
    scriptedOutcomes = List.copyOf(scriptedOutcomes);
  }
}
