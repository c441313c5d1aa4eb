package dev.veojobs.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./dev chaos [--quick] [--seed N] [--scenario NAME[,NAME…]]}: runs the scenarios against
 * the local stack, prints the table, writes {@code target/chaos/report.md} and {@code report.json}
 * (each trial's history under {@code target/chaos/histories/}, the functions' log in
 * {@code functions.log}), and exits 1 when any promise
 * counter is above zero, 2 on a bad command line, 3 when the harness itself failed.
 */
public final class ChaosMain {
  private ChaosMain() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Scenarios.Scale scale = Scenarios.Scale.FULL;
    long seed = Scenarios.DEFAULT_SEED;
    Set<String> only = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> scale = Scenarios.Scale.QUICK;
          case "--seed" -> seed = seed(value(args, ++i, "--seed"));
          case "--scenario" -> only = Set.of(value(args, ++i, "--scenario").split(","));
          case "-h", "--help" -> {
            out.println("usage: ./dev chaos [--quick] [--seed N] [--scenario NAME[,NAME...]]");
            return;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("dev chaos: " + e.getMessage() + " (usage: ./dev chaos [--quick] [--seed N] [--scenario NAME])");
      System.exit(2);
      return;
    }

    List<Scenario> scenarios = Scenarios.all(scale, seed);
    if (only != null) {
      Set<String> names = only;
      List<String> unknown = names.stream().filter(n -> scenarios.stream().noneMatch(s -> s.name().equals(n))).toList();
      if (!unknown.isEmpty()) {
        err.println("dev chaos: no scenario " + unknown + "; there are " + scenarios.stream().map(Scenario::name).toList());
        System.exit(2);
        return;
      }
      scenarios.removeIf(s -> !names.contains(s.name()));
    }

    Path root = ChaosStack.findRoot();
    Path reportDirectory = root.resolve("target").resolve("chaos");
    List<ChaosReport.Result> results = new ArrayList<>();
    // The functions log every step as JSON on stdout; keep that out of the table.
    try (PrintStream log = functionLog(reportDirectory.resolve("functions.log"))) {
      System.setOut(log);
      System.setErr(log);
      try (ChaosStack stack = ChaosStack.start(root);
          Driver driver = new Driver(stack, reportDirectory.resolve("histories"))) {
        for (Scenario scenario : scenarios) {
          results.add(run(driver, scenario, err));
        }
      } catch (RuntimeException e) {
        // The instrument broke, which says nothing about the promises: not 1, and the cause in full.
        e.printStackTrace(err);
        err.println("dev chaos: the harness failed: " + e + " (functions log: " + reportDirectory.resolve("functions.log") + ")");
        System.exit(3);
        return;
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
    ChaosReport report = new ChaosReport(results, root, scale.name().toLowerCase(java.util.Locale.ROOT), seed);
    report.write(reportDirectory);
    out.print(report.table());
    out.println("Report: " + reportDirectory.resolve("report.md") + " (findings there and in report.json)");
    out.flush();
    System.exit(report.promisesBroken() ? 1 : 0);
  }

  static ChaosReport.Result run(Driver driver, Scenario scenario, PrintStream progress) {
    if (!scenario.runnable()) {
      progress.printf("chaos: %-60s not run: needs %s%n", scenario.name(), scenario.faults().missingSwitch().orElseThrow());
      return new ChaosReport.Result(scenario, null, Duration.ZERO);
    }
    long started = System.nanoTime();
    Verdict verdict = driver.run(scenario);
    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    progress.printf("chaos: %-60s %d trial(s), %d jobs, %d promise breaks, %.1f s%n", scenario.name(),
        verdict.trials(), verdict.accepted(), verdict.promisesBroken(), wall.toMillis() / 1000.0);
    return new ChaosReport.Result(scenario, verdict, wall);
  }

  private static PrintStream functionLog(Path file) {
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      return new PrintStream(java.nio.file.Files.newOutputStream(file), true, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long seed(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed needs a whole number, not '" + text + "'");
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
