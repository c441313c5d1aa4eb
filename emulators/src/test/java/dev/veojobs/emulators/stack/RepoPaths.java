package dev.veojobs.emulators.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's shared folders, seen from the module directory Maven runs tests in. */
final class RepoPaths {
  private RepoPaths() {}

  static Path configDirectory() {
    return existing(Path.of("..", "emulator-config"));
  }

  static Path webDirectory() {
    return existing(Path.of("..", "web"));
  }

  private static Path existing(Path path) {
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(path.toAbsolutePath() + " is missing; run the tests from the emulators module");
    }
    return path;
  }
}
