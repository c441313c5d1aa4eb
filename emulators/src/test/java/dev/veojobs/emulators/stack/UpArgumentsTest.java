package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpArgumentsTest {
  @Test
  void loopbackWithoutTheLogByDefault() {
    UpCommand.Arguments none = UpCommand.Arguments.parse();
    assertThat(none.bind()).isEqualTo("127.0.0.1");
    assertThat(none.followLogs()).isFalse();
  }

  @Test
  void flagsInEitherSpelling() {
    assertThat(UpCommand.Arguments.parse("--logs", "--bind", "0.0.0.0"))
        .isEqualTo(new UpCommand.Arguments(true, "0.0.0.0", false));
    assertThat(UpCommand.Arguments.parse("--bind=::").bind()).isEqualTo("::");
    assertThat(UpCommand.Arguments.parse("--logs", "-h").help()).isTrue();
  }

  @Test
  void badFlagsSayWhatIsWrong() {
    assertThatThrownBy(() -> UpCommand.Arguments.parse("--verbose")).hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> UpCommand.Arguments.parse("--bind")).hasMessage("--bind needs an address");
    assertThatThrownBy(() -> UpCommand.Arguments.parse("--bind=")).hasMessage("--bind needs an address");
  }
}
