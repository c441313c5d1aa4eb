package dev.veojobs.emulators.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the local stack is starting, for a person waiting on it: on a terminal one line rewritten
 * in place ("starting the local stack: jobs-api …"), in a pipe one line at the start and one at
 * the end. Handed to {@link LocalStackOptions.Builder#onStarting}.
 */
final class StartProgress implements Consumer<String> {
  private final PrintStream out;
  private final boolean terminal;
  private final Instant begun = Instant.now();
  private int lastWidth;

  StartProgress(PrintStream out, boolean terminal, String what) {
    this.out = out;
    this.terminal = terminal;
    if (!terminal) {
      out.println(what + " …");
    }
  }

  @Override
  public void accept(String part) {
    if (terminal) {
      String line = "starting the local stack: " + part + " …";
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      out.flush();
      lastWidth = line.length();
    }
  }

  /** Ends the progress with how long the start took. */
  void done() {
    String line = String.format(Locale.ROOT, "Stack up in %.1f s", Duration.between(begun, Instant.now()).toMillis() / 1000.0);
    out.println(terminal ? "\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())) : line);
    lastWidth = 0;
  }

  /** Ends the in-place line without a verdict, before an error message. */
  void abandon() {
    if (terminal && lastWidth > 0) {
      out.println();
      lastWidth = 0;
    }
  }
}
