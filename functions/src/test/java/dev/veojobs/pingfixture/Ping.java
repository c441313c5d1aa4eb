package dev.veojobs.pingfixture;

import dev.veojobs.pongfixture.Pong;

/** Half of a deliberate package cycle (with {@link Pong}), so PackagesTest can show its cycle rule fails. */
public final class Ping {
  private Ping() {}

  public static String answer() {
    return Pong.class.getSimpleName();
  }
}
