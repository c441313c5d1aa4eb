package dev.veojobs.emulators.stack;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables the three functions read, handed to them in-process. A JVM cannot set
 * its own environment, so the functions' {@code Config.fromEnvironment} overlays system properties
 * named {@code veojobs.env.<NAME>} over {@code System.getenv()}. Applying sets them; closing puts
 * back what was there before. Properties are JVM-wide: one stack with functions per JVM at a time.
 */
final class FunctionEnvironment implements AutoCloseable {
  static final String PROPERTY_PREFIX = "veojobs.env.";

  private final Map<String, String> variables;
  private final Map<String, String> previous = new HashMap<>();
  private boolean applied;

  FunctionEnvironment(Map<String, String> variables) {
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  Map<String, String> variables() {
    return variables;
  }

  synchronized FunctionEnvironment apply() {
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      String property = PROPERTY_PREFIX + variable.getKey();
      previous.put(property, System.getProperty(property));
      System.setProperty(property, variable.getValue());
    }
    applied = true;
    return this;
  }

  /** {@code NAME=value} lines, sorted, for the log of {@code ./dev up}. */
  String describe() {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(variables).forEach((name, value) -> text.append("  ").append(name).append('=').append(value).append('\n'));
    return text.toString();
  }

  @Override
  public synchronized void close() {
    if (!applied) {
      return;
    }
    previous.forEach((property, value) -> {
      if (value == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, value);
      }
    });
    previous.clear();
    applied = false;
  }
}
