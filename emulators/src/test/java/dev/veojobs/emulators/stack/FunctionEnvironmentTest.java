package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {
  @Test
  void applySetsPrefixedPropertiesAndCloseRestoresThePreviousOnes() {
    System.setProperty("veojobs.env.TEST_KEPT", "before");
    System.clearProperty("veojobs.env.TEST_NEW");
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("TEST_KEPT", "during");
    variables.put("TEST_NEW", "fresh");

    try (FunctionEnvironment env = new FunctionEnvironment(variables).apply()) {
      assertThat(System.getProperty("veojobs.env.TEST_KEPT")).isEqualTo("during");
      assertThat(System.getProperty("veojobs.env.TEST_NEW")).isEqualTo("fresh");
      assertThat(env.describe()).isEqualTo("  TEST_KEPT=during\n  TEST_NEW=fresh\n");
    }

    assertThat(System.getProperty("veojobs.env.TEST_KEPT")).isEqualTo("before");
    assertThat(System.getProperty("veojobs.env.TEST_NEW")).isNull();
    System.clearProperty("veojobs.env.TEST_KEPT");
  }
}
