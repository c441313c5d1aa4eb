package dev.veojobs.job;

import java.util.List;

/** A request that cannot be accepted; carries every violation found, not just the first. */
public final class InvalidRequestException extends RuntimeException {
  private final List<FieldViolation> violations;

  public InvalidRequestException(List<FieldViolation> violations) {
    super(violations.isEmpty() ? "invalid request" : violations.get(0).field() + ": " + violations.get(0).reason());
    this.violations = List.copyOf(violations);
  }

  public InvalidRequestException(String field, String reason) {
    this(List.of(new FieldViolation(field, reason)));
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
