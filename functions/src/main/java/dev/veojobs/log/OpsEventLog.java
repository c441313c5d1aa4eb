package dev.veojobs.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link OpsEvent}s as structured lines through a {@link JsonLog} (so they carry the
 * function, the trace and the scope's fields too). The only way the code emits an operations event.
 */
public final class OpsEventLog {
  private final JsonLog log;

  public OpsEventLog(JsonLog log) {
    this.log = log;
  }

  /**
   * {@code keyValues} alternate field names and values; every name must be a field of {@code event}
   * and a field with listed values must carry one of them. A wrong field is a programming error
   * that would break a metric in silence, so it throws (the unit tests catch it, not production).
   */
  public void emit(OpsEvent event, Object... keyValues) {
    List<Object> line = new ArrayList<>(List.of(OpsEvent.EVENT_KEY, event.eventName()));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      String name = String.valueOf(keyValues[i]);
      OpsEvent.Field field = event.fields().get(name);
      if (field == null) {
        throw new IllegalArgumentException(event.eventName() + " has no field " + name + " (it has "
            + event.fields().keySet() + ")");
      }
      Object value = keyValues[i + 1];
      if (value != null && !field.values().isEmpty() && !field.values().contains(String.valueOf(value))) {
        throw new IllegalArgumentException(event.eventName() + "." + name + " is one of " + field.values()
            + ", not " + value);
      }
      line.add(name);
      line.add(value);
    }
    log.info(event.eventName(), line.toArray());
  }
}
