package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * The demo's live progress line. On a terminal one line is redrawn in place ({@code \r}); when
 * the output is a file or a pipe (CI logs), a plain line is printed when the status or stage changes
 * or the progress reaches another tenth.
 */
final class ProgressLine {
  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final boolean terminal;
  private String lastShown = "";
  private int lastWidth;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Whether standard output is an interactive terminal. */
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+ returns a Console even when redirected and says so here; Java 21 returns null then.
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  void show(JsonNode job, Duration elapsed) {
    // A log gets a line per stage and per tenth of progress, not one per percent.
    String state = describe(job) + " " + job.path("progress").asInt(0) / 10;
    if (terminal) {
      String line = render(job, elapsed);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      out.flush();
      lastWidth = line.length();
    } else if (!state.equals(lastShown)) {
      out.println(render(job, elapsed));
    }
    lastShown = state;
  }

  /** Ends the in-place line so the next output starts on its own line. */
  void finish() {
    if (terminal && lastWidth > 0) {
      out.println();
      lastWidth = 0;
    }
  }

  static String render(JsonNode job, Duration elapsed) {
    String status = job.path("status").asText("?");
    if (status.equals("FAILED") || status.equals("CANCELED")) {
      // A full bar would read as success; like the web page, an ended job without a video shows none.
      String code = job.path("error").path("code").asText("");
      return String.format(Locale.ROOT, "✗ %s%s  %5.1f s", status, code.isEmpty() ? "" : " · " + code,
          elapsed.toMillis() / 1000.0);
    }
    int progress = Math.max(0, Math.min(100, job.path("progress").asInt(0)));
    int filled = progress * BAR_WIDTH / 100;
    String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    return String.format(Locale.ROOT, "[%s] %3d%%  %s  %5.1f s", bar, progress, describe(job),
        elapsed.toMillis() / 1000.0);
  }

  private static String describe(JsonNode job) {
    String status = job.path("status").asText("?");
    String stage = job.path("stage").asText("");
    return stage.isEmpty() ? status : status + " · " + stage.toLowerCase(Locale.ROOT);
  }
}
