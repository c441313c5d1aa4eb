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

  @Test
  void aRateRuleComesAfterQueuedOutcomesAndEarlierRulesAndRepeatsWithItsSeed() {
    OutcomeScript script = new OutcomeScript();
    script.addPromptRule("[x]", Outcome.DONE_WITHOUT_VIDEO);
    script.addRateRule(0.5, 7, Outcome.SAFETY_FILTERED);
    script.enqueue(Outcome.NOT_FOUND);

    assertThat(script.decide("[x]")).isEqualTo(Outcome.NOT_FOUND);
    assertThat(script.decide("[x]")).isEqualTo(Outcome.DONE_WITHOUT_VIDEO);
    java.util.List<Outcome> first = java.util.stream.IntStream.range(0, 20).mapToObj(i -> script.decide("a")).toList();
    script.clear();
    script.addRateRule(0.5, 7, Outcome.SAFETY_FILTERED);
    java.util.List<Outcome> second = java.util.stream.IntStream.range(0, 20).mapToObj(i -> script.decide("a")).toList();

    assertThat(second).isEqualTo(first).contains(Outcome.SAFETY_FILTERED, Outcome.SUCCESS);
  }
}
