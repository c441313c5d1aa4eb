package dev.veojobs.browser;

import java.util.Map;

/**
 * One job as the page shows it: what the status line, progress bar and error box say.
 * {@code progressBar} is the bar's value, null when the page shows no bar (failed jobs).
 */
record JobCard(String id, String status, String stage, Integer progressBar, String statusText,
               String errorCode, String errorMessage) {

  static JobCard from(Object scriptResult) {
    if (!(scriptResult instanceof Map<?, ?> map)) {
      return null;
    }
    return new JobCard(text(map, "id"), text(map, "status"), text(map, "stage"),
        map.get("progressBar") == null ? null : Integer.valueOf(text(map, "progressBar")), text(map, "statusText"),
        text(map, "errorCode"), text(map, "errorMessage"));
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  boolean terminal() {
    return "COMPLETED".equals(status) || "FAILED".equals(status) || "CANCELED".equals(status);
  }
}
