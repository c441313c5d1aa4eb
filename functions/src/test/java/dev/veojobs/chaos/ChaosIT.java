package dev.veojobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The small version of {@code ./dev chaos} in {@code mvn verify}: every scenario the emulators can
 * inject today, one trial of a few jobs (the burst: 24 jobs against a fake-Veo quota of 10/min), and
 * a failure on any broken promise — a lost or stuck job, a second paid Veo generation, a missing
 * webhook, a node mirror or usage counter that disagrees with the jobs. The report of the run is
 * written to {@code functions/target/chaos-it/}.
 */
class ChaosIT {
  private static final Path REPORT = Path.of("target", "chaos-it");
  private static final List<ChaosReport.Result> RESULTS = new ArrayList<>();
  private static ChaosStack stack;
  private static Driver driver;

  @BeforeAll
  static void startStack() {
    stack = ChaosStack.start(ChaosStack.findRoot());
    driver = new Driver(stack, REPORT.resolve("histories"));
  }

  @AfterAll
  static void writeReportAndStop() {
    try {
      new ChaosReport(RESULTS, ChaosStack.findRoot(), "integration-test", Scenarios.DEFAULT_SEED).write(REPORT);
    } finally {
      driver.close();
      stack.close();
    }
  }

  static Stream<Arguments> runnableScenarios() {
    return Scenarios.all(Scenarios.Scale.INTEGRATION_TEST, Scenarios.DEFAULT_SEED).stream()
        .filter(Scenario::runnable)
        .map(s -> Arguments.of(Named.of(s.name(), s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runnableScenarios")
  void everyAcceptedJobEndsOncePaidOnceAndIsReportedEverywhere(Scenario scenario) {
    ChaosReport.Result result = ChaosMain.run(driver, scenario, System.err);
    RESULTS.add(result);
    Verdict v = result.verdict();

    assertThat(v.accepted()).as("jobs the client got accepted").isPositive();
    Map<String, Integer> promises = new LinkedHashMap<>();
    promises.put("lost", v.lost());
    promises.put("stuck", v.stuck());
    promises.put("duplicate paid Veo starts", v.duplicatePaidStarts());
    promises.put("webhooks missing", v.webhooksMissing());
    promises.put("node mirrors that disagree", v.mirrorMismatches());
    promises.put("usage counters that disagree", v.usageMismatches());
    assertThat(promises)
        .as("%s: %s%nfindings:%n%s", scenario.name(), scenario.summary(),
            v.findings().stream().map(f -> "  " + f).collect(Collectors.joining("\n")))
        .allSatisfy((counter, value) -> assertThat(value).as(counter).isZero());
  }
}
