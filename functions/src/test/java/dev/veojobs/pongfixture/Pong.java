package dev.veojobs.pongfixture;

import dev.veojobs.pingfixture.Ping;

/** The other half of the deliberate package cycle of {@link Ping}. */
public final class Pong {
  private Pong() {}

  public static String answer() {
    return Ping.class.getSimpleName();
  }
}
