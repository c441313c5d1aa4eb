package dev.veojobs.emulators.veo;

import dev.veojobs.emulators.clock.EmulatorClock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Veo emulator per test class, reset before every test. Register it as a static field:
 * {@code @RegisterExtension static final VeoEmulatorExtension VEO = new VeoEmulatorExtension(clock, b -> b);}
 */
final class VeoEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final EmulatorClock clock;
  private final UnaryOperator<VeoEmulator.Builder> settings;
  private VeoEmulator emulator;

  VeoEmulatorExtension(EmulatorClock clock, UnaryOperator<VeoEmulator.Builder> settings) {
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = settings.apply(VeoEmulator.builder().clock(clock).port(0)).build().start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    emulator.close();
  }

  VeoEmulator emulator() {
    return emulator;
  }

  EmulatorClock clock() {
    return clock;
  }
}
