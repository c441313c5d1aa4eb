package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeScriptTest {
  @Test
  void countedPromptRuleAppliesOnlyToItsFirstMatchingStarts() {
    OutcomeScript script = new OutcomeScript();
    Outcome quota = Outcome.startError(429, "RESOURCE_EXHAUSTED", "Quota exceeded");
    script.addPromptRule("[quota]", 2, quota);

    assertThat(script.decide("a boat")).isEqualTo(Outcome.SUCCESS);
    assertThat(script.decide("a boat [quota]")).isEqualTo(quota);
    assertThat(script.decide("a boat [quota]")).isEqualTo(quota);
    assertThat(script.decide("a boat [quota]")).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void anExhaustedRuleFallsThroughToTheNextMatchingRule() {
    OutcomeScript script = new OutcomeScript();
    script.addPromptRule("[x]", 1, Outcome.DONE_WITHOUT_VIDEO);
    script.addPromptRule("[x]", Outcome.SAFETY_FILTERED);

    assertThat(script.decide("[x]")).isEqualTo(Outcome.DONE_WITHOUT_VIDEO);
    assertThat(script.decide("[x]")).isEqualTo(Outcome.SAFETY_FILTERED);
    assertThat(script.decide("[x]")).isEqualTo(Outcome.SAFETY_FILTERED);
  }
}
