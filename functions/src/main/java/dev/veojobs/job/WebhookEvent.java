package dev.veojobs.job;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The webhooks a job can owe its {@code webhook_url}: one when Veo accepted the start, one per way
 * of ending. A request chooses which it wants ({@code webhook_events}; by default the ending ones).
 * A job records the one it owes in the same write that changes it (the outbox), so a crash or a
 * queue outage after that write delays the delivery but never loses it.
 */
public enum WebhookEvent {
  STARTED("job.started", "started"),
  COMPLETED("job.completed", "completed"),
  FAILED("job.failed", "failed"),
  CANCELED("job.canceled", "canceled");

  /** What a request without {@code webhook_events} gets: how the job ended, as before the field existed. */
  public static final Set<WebhookEvent> DEFAULT_SELECTION =
      Collections.unmodifiableSet(EnumSet.of(COMPLETED, FAILED, CANCELED));

  private final String type;
  private final String shortName;

  WebhookEvent(String type, String shortName) {
    this.type = type;
    this.shortName = shortName;
  }

  /** The event type receivers see, e.g. {@code job.completed}. */
  public String type() {
    return type;
  }

  /** The name a request selects it by ({@code webhook_events}), and in task ids, which allow no '.'. */
  public String shortName() {
    return shortName;
  }

  /** The event a request names, e.g. {@code started}. */
  public static Optional<WebhookEvent> byShortName(String name) {
    return Arrays.stream(values()).filter(e -> e.shortName.equals(name)).findFirst();
  }

  /** The webhook a job that ended with {@code status} owes. */
  public static WebhookEvent endedAs(JobStatus status) {
    return switch (status) {
      case COMPLETED -> COMPLETED;
      case FAILED -> FAILED;
      case CANCELED -> CANCELED;
      default -> throw new IllegalArgumentException("a " + status + " job has not ended");
    };
  }
}
