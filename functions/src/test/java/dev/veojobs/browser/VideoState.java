package dev.veojobs.browser;

import java.util.Map;

/** The {@code <video>} element's media state, read in one script call. */
record VideoState(String currentSrc, int readyState, double duration, double currentTime,
                  double seekableEnd, boolean paused, String error) {

  static VideoState from(Object scriptResult) {
    Map<?, ?> map = (Map<?, ?>) scriptResult;
    return new VideoState((String) map.get("currentSrc"), ((Number) map.get("readyState")).intValue(),
        number(map.get("duration")), number(map.get("currentTime")), number(map.get("seekableEnd")),
        Boolean.TRUE.equals(map.get("paused")), (String) map.get("error"));
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
