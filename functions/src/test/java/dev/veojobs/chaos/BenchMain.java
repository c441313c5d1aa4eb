package dev.veojobs.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./dev bench [--quick] [--only FIGURE,…] [--cold-jvm-option OPT]…}: writes target/bench/report.md and report.json. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Bench.Size size = Bench.Size.FULL;
    List<String> coldOptions = new ArrayList<>();
    List<String> figures = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> size = Bench.Size.QUICK;
        case "--cold-jvm-option" -> coldOptions.add(args[++i]);
        case "--only" -> figures.addAll(List.of(args[++i].split(",")));
        default -> {
          System.err.println("dev bench: unknown option '" + args[i] + "'");
          System.exit(2);
        }
      }
    }
    Path root = ChaosStack.findRoot();
    BenchResults.Run run = Bench.run(root, size, figures.isEmpty() ? Bench.FIGURES : figures, coldOptions, what -> System.err.println("dev bench: " + what + " …"));
    Path out = root.resolve("target").resolve("bench");
    BenchReport.write(run, out);
    System.out.print(BenchReport.markdown(run));
    System.err.println("dev bench: wrote " + root.relativize(out.resolve("report.md")) + " and report.json");
    System.exit(0);
  }
}
