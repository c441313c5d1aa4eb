package dev.veojobs.emulators.faults;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers an HTTP call with its fault. A held exchange occupies no server thread: the handler returns
 * without closing it, and releasing answers and closes it from the releasing thread.
 */
public final class HttpFaults {
  private static final Logger LOG = Logger.getLogger(HttpFaults.class.getName());

  /** Writes the emulator's own error body for a status. */
  @FunctionalInterface
  public interface ErrorWriter {
    void send(HttpExchange exchange, int status, String message) throws IOException;
  }

  private HttpFaults() {}

  /**
   * Applies the fault to {@code exchange}: FAIL sends the error and closes it, DROP_CONNECTION closes the
   * connection without an answer, HANG keeps it open until released (then 503).
   *
   * @return true when the exchange is held: the caller must neither answer nor close it
   */
  public static boolean strike(FaultPlans plans, FaultPlans.Injection fault, String call, HttpExchange exchange,
      ErrorWriter errors) {
    switch (fault.effect()) {
      case FAIL -> {
        int status = Integer.parseInt(fault.code());
        answer(exchange, errors, status, message(status, fault.planId()));
        return false;
      }
      case DROP_CONNECTION -> {
        // Closing an exchange that has sent no response headers closes its connection.
        exchange.close();
        return false;
      }
      case HANG -> {
        plans.hold(call, () -> answer(exchange, errors, 503,
            "The held call was released (fault plan " + fault.planId() + ")."));
        return true;
      }
    }
    throw new IllegalStateException("unknown effect " + fault.effect());
  }

  /** Google's status name for an HTTP status, as in {@code {"error":{"status":…}}}. */
  public static String statusName(int status) {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 412 -> "FAILED_PRECONDITION";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 500 -> "INTERNAL";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> "UNKNOWN";
    };
  }

  private static String message(int status, String planId) {
    String text = switch (status) {
      case 429 -> "Resource has been exhausted (e.g. check quota).";
      case 500 -> "Internal error encountered.";
      case 503 -> "The service is currently unavailable.";
      case 504 -> "The request timed out.";
      default -> "Request failed with HTTP " + status + ".";
    };
    return text + " [injected by fault plan " + planId + "]";
  }

  private static void answer(HttpExchange exchange, ErrorWriter errors, int status, String message) {
    try {
      errors.send(exchange, status, message);
    } catch (IOException e) {
      LOG.log(Level.FINE, "the caller of a faulted call went away", e);
    } finally {
      exchange.close();
    }
  }
}
