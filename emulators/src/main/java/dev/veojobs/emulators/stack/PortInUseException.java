package dev.veojobs.emulators.stack;

/** A configured port is taken; the message names the port and the setting that chose it. */
public final class PortInUseException extends RuntimeException {
  /** The exit code of {@code ./dev up} and {@code ./dev demo} for this problem. */
  public static final int EXIT_CODE = 3;

  private final int port;
  private final String setting;

  public PortInUseException(int port, String setting) {
    super("port " + port + " (" + setting + ") is already in use; stop whatever listens there "
        + "(another ./dev up?) or change the setting (0 picks a free port)");
    this.port = port;
    this.setting = setting;
  }

  public int port() {
    return port;
  }

  public String setting() {
    return setting;
  }
}
