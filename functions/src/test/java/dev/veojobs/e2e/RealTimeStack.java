package dev.veojobs.e2e;

import dev.veojobs.emulators.stack.LocalStackOptions;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A local stack for the commands a person runs ({@code ./dev demo}, {@code ./dev up}), which follow
 * a job in real time: free ports, our own emulators, one second of fake Veo and one-second polls,
 * so a job ends in a few seconds of wall-clock time.
 */
final class RealTimeStack {
  private RealTimeStack() {}

  static LocalStackOptions options() {
    return LocalStackOptions.builder()
        .configDirectory(Path.of("..", "emulator-config"))
        .webDirectory(Path.of("..", "web"))
        .freePorts()
        .externalEmulators(ExternalEmulators.none())
        .veoLatency(Duration.ofSeconds(1))
        .functionSetting("POLL_FIRST_DELAY", "PT1S")
        .functionSetting("POLL_INTERVAL", "PT1S")
        .functionSetting("POLL_MAX_INTERVAL", "PT2S")
        .build();
  }
}
