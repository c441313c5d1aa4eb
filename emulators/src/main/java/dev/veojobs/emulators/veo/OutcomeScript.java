package dev.veojobs.emulators.veo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Decides each start's outcome: first anything queued for "the next start", then the first
 * prompt rule whose substring the prompt contains, else success. Prompt rules stay until reset, so
 * a prompt like "... [filtered]" behaves the same on every run of a pipeline.
 */
final class OutcomeScript {
  /** {@code remaining} is null for a rule that never runs out. */
  private static final class PromptRule {
    final String substring;
    final Outcome outcome;
    Integer remaining;

    PromptRule(String substring, Integer remaining, Outcome outcome) {
      this.substring = substring;
      this.remaining = remaining;
      this.outcome = outcome;
    }
  }

  private final Deque<Outcome> next = new ArrayDeque<>();
  private final List<PromptRule> promptRules = new ArrayList<>();

  synchronized void enqueue(Outcome outcome) {
    next.addLast(outcome);
  }

  synchronized void addPromptRule(String substring, Outcome outcome) {
    addRule(substring, null, outcome);
  }

  synchronized void addPromptRule(String substring, int times, Outcome outcome) {
    addRule(substring, times, outcome);
  }

  private void addRule(String substring, Integer times, Outcome outcome) {
    if (substring == null || substring.isEmpty()) {
      throw new IllegalArgumentException("a prompt rule needs a non-empty substring");
    }
    promptRules.add(new PromptRule(substring, times, outcome));
  }

  synchronized Outcome decide(String prompt) {
    Outcome queued = next.pollFirst();
    if (queued != null) {
      return queued;
    }
    if (prompt != null) {
      for (PromptRule rule : promptRules) {
        if (!prompt.contains(rule.substring) || (rule.remaining != null && rule.remaining == 0)) {
          continue;
        }
        if (rule.remaining != null) {
          rule.remaining--;
        }
        return rule.outcome;
      }
    }
    return Outcome.SUCCESS;
  }

  synchronized int queued() {
    return next.size();
  }

  synchronized void clear() {
    next.clear();
    promptRules.clear();
  }
}
