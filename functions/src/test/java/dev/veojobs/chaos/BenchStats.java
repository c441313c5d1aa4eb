package dev.veojobs.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, high percentiles and maximum of one set of samples (milliseconds or seconds, as measured). */
record BenchStats(int count, double p50, double p95, double p99, double max) {
  static final BenchStats NONE = new BenchStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  static BenchStats of(List<Double> samples) {
    if (samples.isEmpty()) {
      return NONE;
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return new BenchStats(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
        sorted.get(sorted.size() - 1));
  }

  /** Nearest-rank percentile: a value that was really measured. */
  private static double rank(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
