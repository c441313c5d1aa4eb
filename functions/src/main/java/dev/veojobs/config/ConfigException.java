package dev.veojobs.config;

import java.util.List;

/**
 * The environment of a function is incomplete or malformed. Carries every problem found, so one
 * failed start tells an operator everything to fix.
 */
public final class ConfigException extends RuntimeException {
  private final FunctionName function;
  private final List<String> problems;

  public ConfigException(FunctionName function, List<String> problems) {
    super("Missing or invalid configuration for " + function.serviceName() + ": "
        + String.join("; ", problems));
    this.function = function;
    this.problems = List.copyOf(problems);
  }

  public FunctionName function() {
    return function;
  }

  public List<String> problems() {
    return problems;
  }
}
