package dev.veojobs.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one trial, or of every trial of a scenario added up. The promise counters — lost,
 * stuck, duplicate paid Veo starts, webhooks missing, mirror and usage mismatches — must all be 0.
 * {@code drain} is the longest time to drain (virtual, from the first call until every accepted job
 * had ended) among the trials that drained; {@code undrained} counts those that did not.
 */
record Verdict(int trials, int accepted, int completed, Map<String, Integer> failedByCode, int canceled,
    int lost, int stuck, int duplicatePaidStarts, int veoStarts, int orphansAdopted, int webhooksMissing,
    int mirrorMismatches, int usageMismatches, Duration drain, int undrained, List<Finding> findings) {

  /** One thing wrong with one job (or user, or node) in one trial: what the debugging starts from. */
  record Finding(int trial, String subject, String what) {
    @Override
    public String toString() {
      return "trial " + trial + " " + subject + ": " + what;
    }
  }

  Verdict {
    failedByCode = new TreeMap<>(failedByCode);
    findings = List.copyOf(findings);
  }

  static Verdict empty() {
    return new Verdict(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, List.of());
  }

  int failed() {
    return failedByCode.values().stream().mapToInt(Integer::intValue).sum();
  }

  int promisesBroken() {
    return lost + stuck + duplicatePaidStarts + webhooksMissing + mirrorMismatches + usageMismatches;
  }

  Verdict plus(Verdict o) {
    Map<String, Integer> codes = new TreeMap<>(failedByCode);
    o.failedByCode.forEach((code, n) -> codes.merge(code, n, Integer::sum));
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(o.findings);
    Duration longest = drain == null ? o.drain : o.drain == null ? drain : drain.compareTo(o.drain) >= 0 ? drain : o.drain;
    return new Verdict(trials + o.trials, accepted + o.accepted, completed + o.completed, codes, canceled + o.canceled,
        lost + o.lost, stuck + o.stuck, duplicatePaidStarts + o.duplicatePaidStarts, veoStarts + o.veoStarts,
        orphansAdopted + o.orphansAdopted, webhooksMissing + o.webhooksMissing, mirrorMismatches + o.mirrorMismatches,
        usageMismatches + o.usageMismatches, longest, undrained + o.undrained, all);
  }
}
