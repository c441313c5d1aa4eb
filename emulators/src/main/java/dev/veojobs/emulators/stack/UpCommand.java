package dev.veojobs.emulators.stack;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./dev up [--logs] [--bind ADDRESS]}: the local stack on the configured ports until Ctrl-C.
 * The terminal gets the URL table and one line per job state change ({@link JobWatcher}); the
 * emulators' and functions' own output (start banners, a JSON line per request) goes to a log file,
 * and to the terminal too with {@code --logs}.
 */
public final class UpCommand {
  static final String USAGE = """
      usage: ./dev up [--logs] [--bind ADDRESS]
        --logs          also show the full log here (or follow it elsewhere: tail -f out/up.log)
        --bind ADDRESS  where the three functions listen (default 127.0.0.1)""";

  /** The command line of {@code ./dev up}, checked the same way by the dev script. */
  record Arguments(boolean followLogs, String bind, boolean help) {
    static Arguments parse(String... args) {
      boolean logs = false;
      String bind = LocalStackOptions.LOOPBACK;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          return new Arguments(false, bind, true);
        } else if (arg.equals("--logs")) {
          logs = true;
        } else if (arg.startsWith("--bind=")) {
          bind = arg.substring("--bind=".length());
        } else if (arg.equals("--bind") && i + 1 < args.length) {
          bind = args[++i];
        } else {
          throw new IllegalArgumentException(arg.equals("--bind") ? "--bind needs an address" : "unknown option " + arg);
        }
      }
      if (bind.isBlank()) {
        throw new IllegalArgumentException("--bind needs an address");
      }
      return new Arguments(logs, bind, false);
    }
  }

  private final PrintStream terminal;
  private final boolean interactive;
  private final Path logFile;
  private final boolean followLogs;

  /**
   * @param interactive whether {@code terminal} is a terminal (progress redrawn in place)
   * @param followLogs whether the log also goes to {@code terminal}
   */
  public UpCommand(PrintStream terminal, boolean interactive, Path logFile, boolean followLogs) {
    this.terminal = terminal;
    this.interactive = interactive && !followLogs;
    this.logFile = logFile;
    this.followLogs = followLogs;
  }

  /** A running stack with its log redirection and job watcher; closing stops all and gives the streams back. */
  public static final class Running implements AutoCloseable {
    private final LocalStack stack;
    private final JobWatcher watcher;
    private final PrintStream log;
    private final PrintStream originalOut;
    private final PrintStream originalErr;

    private Running(LocalStack stack, JobWatcher watcher, PrintStream log, PrintStream originalOut,
        PrintStream originalErr) {
      this.stack = stack;
      this.watcher = watcher;
      this.log = log;
      this.originalOut = originalOut;
      this.originalErr = originalErr;
    }

    public LocalStack stack() {
      return stack;
    }

    @Override
    public synchronized void close() {
      if (watcher != null) {
        watcher.close();
      }
      stack.close();
      System.setOut(originalOut);
      System.setErr(originalErr);
      log.close();
    }
  }

  /**
   * Sends this JVM's standard streams to the log (the functions and emulators write there), starts
   * the stack, prints the URL table and starts watching jobs.
   *
   * @throws PortInUseException when a configured port is taken (streams are given back)
   */
  public Running start(LocalStackOptions options) throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    PrintStream file = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
    PrintStream log = followLogs ? new PrintStream(new Tee(file, terminal), true, StandardCharsets.UTF_8) : file;
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(log);
    System.setErr(log);
    StartProgress progress = new StartProgress(terminal, interactive, "Starting the local stack (log: " + logFile + ")");
    LocalStack stack;
    try {
      stack = LocalStack.start(options, progress);
    } catch (RuntimeException | Error e) {
      progress.abandon();
      System.setOut(originalOut);
      System.setErr(originalErr);
      log.close();
      throw e;
    }
    progress.done();
    terminal.print(stack.describe());
    String host = stack.functionsHost();
    if (!Ports.address(host).isLoopbackAddress()) {
      terminal.println("WARNING: the three functions listen on " + host + " and accept unsigned emulator tokens "
          + "(AUTH_MODE=emulator): anyone who can reach this address can act as any user.");
    }
    terminal.println("Open " + stack.webUrl() + " in a browser. Jobs show below as they change; the full log is "
        + logFile + ". Ctrl-C stops the stack.");
    JobWatcher watcher = null;
    if (stack.hasOwnFirestore()) {
      watcher = new JobWatcher(stack.firestore().adminEndpoint(), stack.projectId(), terminal, Clock.systemDefaultZone())
          .start();
    } else {
      terminal.println("(Job lines need the stack's own Firestore emulator; with FIRESTORE_EMULATOR_HOST set, see the log.)");
    }
    terminal.flush();
    return new Running(stack, watcher, log, originalOut, originalErr);
  }

  public static void main(String[] args) {
    PrintStream terminal = System.out;
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dev up: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(LocalStack.EXIT_USAGE);
      return;
    }
    if (arguments.help()) {
      terminal.println(USAGE);
      return;
    }
    UpCommand up = new UpCommand(terminal, ProgressLine.stdoutIsTerminal(), Path.of("out", "up.log"),
        arguments.followLogs());
    Running running;
    try {
      running = up.start(LocalStackOptions.builder().functionsHost(arguments.bind()).build());
    } catch (PortInUseException e) {
      System.err.println("dev up: " + e.getMessage());
      System.exit(PortInUseException.EXIT_CODE);
      return;
    } catch (IOException | RuntimeException e) {
      System.err.println("dev up: the local stack did not start: " + e.getMessage() + " (see out/up.log)");
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "local-stack-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes to both: the log file and the terminal, for {@code --logs}. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }

    @Override
    public void close() throws IOException {
      first.close();
    }
  }
}
