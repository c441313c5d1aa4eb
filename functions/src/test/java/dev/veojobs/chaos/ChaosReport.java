package dev.veojobs.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code report.md} (one table, a row per scenario with every counter, then the findings) and
 * {@code report.json} (the same data, every finding), stamped with the date, the git commit and
 * the machine.
 */
final class ChaosReport {
  private static final int FINDINGS_SHOWN_PER_SCENARIO = 25;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A scenario's outcome: its counters, or null when it could not run; and the wall time it took. */
  record Result(Scenario scenario, Verdict verdict, Duration wallTime) {
    String outcome() {
      if (verdict == null) {
        return "not run: needs " + scenario.faults().missingSwitch().orElse("?");
      }
      return verdict.promisesBroken() == 0 ? "ok" : "BROKEN";
    }
  }

  private final List<Result> results;
  private final Map<String, Object> stamp = new LinkedHashMap<>();

  ChaosReport(List<Result> results, Path root, String scale, long seed) {
    this.results = List.copyOf(results);
    stamp.put("date", Instant.now().toString());
    stamp.put("commit", commit(root));
    stamp.put("machine", machine());
    stamp.put("scale", scale);
    stamp.put("seed", seed);
  }

  boolean promisesBroken() {
    return results.stream().anyMatch(r -> r.verdict() != null && r.verdict().promisesBroken() > 0);
  }

  /** The table alone, as printed to the terminal. */
  String table() {
    StringBuilder t = new StringBuilder();
    t.append("| scenario | trials | seed | accepted | completed | failed (by code) | canceled | **lost** | **stuck** "
        + "| **dup. paid Veo starts** | Veo starts | orphans adopted | **webhooks missing** | **mirror ≠** "
        + "| **usage ≠** | drain (virtual, max) | result |\n");
    t.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : results) {
      Scenario s = r.scenario();
      Verdict v = r.verdict();
      if (v == null) {
        t.append("| ").append(s.name()).append(" | – | ").append(s.seed()).append(" |").append(" – |".repeat(13))
            .append(' ').append(r.outcome()).append(" |\n");
        continue;
      }
      t.append("| ").append(s.name()).append(" | ").append(v.trials()).append(" | ").append(s.seed())
          .append(" | ").append(v.accepted()).append(" | ").append(v.completed())
          .append(" | ").append(v.failed()).append(failedCodes(v))
          .append(" | ").append(v.canceled())
          .append(" | ").append(v.lost()).append(" | ").append(v.stuck())
          .append(" | ").append(v.duplicatePaidStarts()).append(" | ").append(v.veoStarts())
          .append(" | ").append(v.orphansAdopted()).append(" | ").append(v.webhooksMissing())
          .append(" | ").append(v.mirrorMismatches()).append(" | ").append(v.usageMismatches())
          .append(" | ").append(drain(v)).append(" | ").append(r.outcome()).append(" |\n");
    }
    return t.toString();
  }

  String markdown() {
    StringBuilder md = new StringBuilder("# ./dev chaos report\n\n");
    md.append("Date ").append(stamp.get("date")).append(" · commit ").append(stamp.get("commit"))
        .append(" · ").append(stamp.get("machine")).append(" · scale ").append(stamp.get("scale"))
        .append(" · base seed ").append(stamp.get("seed")).append("\n\n");
    md.append("Promise counters (bold) must be 0. **lost**: accepted, not ended, nothing queued for it. "
        + "**stuck**: not ended past its deadline + one sweep interval (2 min). **dup. paid Veo starts**: per job, "
        + "Veo operations that produced a video beyond the first. **webhooks missing**: a job with a webhook_url "
        + "whose terminal event (job.completed/failed/canceled) never arrived signed. **mirror ≠**: nodes whose "
        + "status, job_id, video_url presence or error_message disagree with their newest job. **usage ≠**: "
        + "users whose usage days disagree with their completed jobs. Drain: virtual time from the trial's start "
        + "until every accepted job had ended (\"limit\" when a trial never got there).\n\n");
    md.append(table()).append('\n');
    for (Result r : results) {
      md.append("- `").append(r.scenario().name()).append("`: ").append(r.scenario().summary()).append('\n');
    }
    md.append("\n## Findings\n");
    boolean any = false;
    for (Result r : results) {
      if (r.verdict() == null || r.verdict().findings().isEmpty()) {
        continue;
      }
      any = true;
      List<Verdict.Finding> findings = r.verdict().findings();
      md.append("\n### ").append(r.scenario().name()).append(" (").append(findings.size()).append(")\n\n");
      findings.stream().limit(FINDINGS_SHOWN_PER_SCENARIO).forEach(f -> md.append("- ").append(f).append('\n'));
      if (findings.size() > FINDINGS_SHOWN_PER_SCENARIO) {
        md.append("- … ").append(findings.size() - FINDINGS_SHOWN_PER_SCENARIO).append(" more in report.json\n");
      }
    }
    if (!any) {
      md.append("\nNone.\n");
    }
    return md.toString();
  }

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>(stamp);
    List<Map<String, Object>> scenarios = new ArrayList<>();
    for (Result r : results) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", r.scenario().name());
      s.put("summary", r.scenario().summary());
      s.put("seed", r.scenario().seed());
      s.put("result", r.outcome());
      s.put("wall_seconds", r.wallTime().toMillis() / 1000.0);
      Verdict v = r.verdict();
      if (v != null) {
        s.put("trials", v.trials());
        s.put("accepted", v.accepted());
        s.put("completed", v.completed());
        s.put("failed_by_code", v.failedByCode());
        s.put("canceled", v.canceled());
        s.put("lost", v.lost());
        s.put("stuck", v.stuck());
        s.put("duplicate_paid_veo_starts", v.duplicatePaidStarts());
        s.put("veo_starts", v.veoStarts());
        s.put("orphans_adopted", v.orphansAdopted());
        s.put("webhooks_missing", v.webhooksMissing());
        s.put("mirror_mismatches", v.mirrorMismatches());
        s.put("usage_mismatches", v.usageMismatches());
        s.put("drain_seconds_max", v.drain() == null ? null : v.drain().toMillis() / 1000.0);
        s.put("trials_not_drained", v.undrained());
        s.put("findings", v.findings().stream().map(Verdict.Finding::toString).toList());
      }
      scenarios.add(s);
    }
    root.put("scenarios", scenarios);
    return root;
  }

  void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
      JSON.writeValue(directory.resolve("report.json").toFile(), json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String failedCodes(Verdict v) {
    if (v.failedByCode().isEmpty()) {
      return "";
    }
    return " (" + v.failedByCode().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String drain(Verdict v) {
    String longest = v.drain() == null ? "–" : String.format(Locale.ROOT, "%.0f s", v.drain().toMillis() / 1000.0);
    return v.undrained() == 0 ? longest : longest + " (" + v.undrained() + " hit the limit)";
  }

  private static String commit(Path root) {
    try {
      Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").directory(root.toFile())
          .redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String machine() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB, %s %s, Java %s", host,
        Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024), System.getProperty("os.name"),
        System.getProperty("os.arch"), System.getProperty("java.version"));
  }
}
