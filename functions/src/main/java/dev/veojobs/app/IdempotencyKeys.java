package dev.veojobs.app;

import dev.veojobs.job.InvalidRequestException;

/**
 * The one rule for an {@code Idempotency-Key}: absent, or 1 to 255 visible ASCII characters once
 * surrounding whitespace is trimmed. The HTTP layer applies it to the header before reading the body
 * (so a bad key never reaches a use case); {@link CreateJob} applies it to what it is given.
 */
public final class IdempotencyKeys {
  /** The header, and the field a violation names. */
  public static final String FIELD = "Idempotency-Key";
  public static final int MAX_LENGTH = 255;
  static final String RULE = "must be 1 to " + MAX_LENGTH + " visible ASCII characters";

  private IdempotencyKeys() {}

  /**
   * The key to store, or null when none was given.
   *
   * @throws InvalidRequestException naming {@link #FIELD} when a key was given but breaks the rule
   */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String key = raw.strip();
    boolean visibleAscii = key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    if (key.isEmpty() || key.length() > MAX_LENGTH || !visibleAscii) {
      throw new InvalidRequestException(FIELD, RULE);
    }
    return key;
  }
}
