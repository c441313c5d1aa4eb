package dev.veojobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veojobs.job.InvalidRequestException;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void aKeyIsOneTo255VisibleAsciiCharacters() {
    assertThat(IdempotencyKeys.normalize(null)).isNull();
    assertThat(IdempotencyKeys.normalize("!")).isEqualTo("!");
    assertThat(IdempotencyKeys.normalize("~".repeat(IdempotencyKeys.MAX_LENGTH)))
        .isEqualTo("~".repeat(IdempotencyKeys.MAX_LENGTH));
    for (String bad : new String[] {"", "k".repeat(IdempotencyKeys.MAX_LENGTH + 1), "a b", "a\u007fb", "caf\u00e9"}) {
      assertThatThrownBy(() -> IdempotencyKeys.normalize(bad)).as(bad).isInstanceOf(InvalidRequestException.class);
    }
  }
}
