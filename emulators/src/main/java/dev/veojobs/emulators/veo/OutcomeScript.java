package dev.veojobs.emulators.veo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Decides each start's outcome: first anything queued for "the next start", then the first rule that
 * applies, else success. A rule applies to prompts containing its substring (while it has uses left), or,
 * for a rate rule, to a start its seeded random source picks. Rules stay until reset, so a prompt like
 * "... [filtered]" behaves the same on every run of a pipeline, and a rate rule picks the same starts for
 * the same sequence of starts.
 */
final class OutcomeScript {
  /** {@code substring} is null for a rate rule; {@code remaining} is null for a rule that never runs out. */
  private static final class Rule {
    final String substring;
    final Outcome outcome;
    final Random random;
    final double rate;
    Integer remaining;

    Rule(String substring, Integer remaining, double rate, Random random, Outcome outcome) {
      this.substring = substring;
      this.remaining = remaining;
      this.rate = rate;
      this.random = random;
      this.outcome = outcome;
    }

    boolean applies(String prompt) {
      if (random != null) {
        return random.nextDouble() < rate;
      }
      return prompt != null && prompt.contains(substring) && (remaining == null || remaining > 0);
    }
  }

  private final Deque<Outcome> next = new ArrayDeque<>();
  private final List<Rule> rules = new ArrayList<>();

  synchronized void enqueue(Outcome outcome) {
    next.addLast(outcome);
  }

  synchronized void addPromptRule(String substring, Outcome outcome) {
    addRule(substring, null, outcome);
  }

  synchronized void addPromptRule(String substring, int times, Outcome outcome) {
    addRule(substring, times, outcome);
  }

  /** Every start that reaches this rule gets {@code outcome} with probability {@code rate}. */
  synchronized void addRateRule(double rate, long seed, Outcome outcome) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in (0, 1]: " + rate);
    }
    rules.add(new Rule(null, null, rate, new Random(seed), outcome));
  }

  private void addRule(String substring, Integer times, Outcome outcome) {
    if (substring == null || substring.isEmpty()) {
      throw new IllegalArgumentException("a prompt rule needs a non-empty substring");
    }
    rules.add(new Rule(substring, times, 1.0, null, outcome));
  }

  synchronized Outcome decide(String prompt) {
    Outcome queued = next.pollFirst();
    if (queued != null) {
      return queued;
    }
    for (Rule rule : rules) {
      if (!rule.applies(prompt)) {
        continue;
      }
      if (rule.remaining != null) {
        rule.remaining--;
      }
      return rule.outcome;
    }
    return Outcome.SUCCESS;
  }

  synchronized int queued() {
    return next.size();
  }

  synchronized void clear() {
    next.clear();
    rules.clear();
  }
}
