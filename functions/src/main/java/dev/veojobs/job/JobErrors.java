package dev.veojobs.job;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The errors a job can end with, worded for the person who asked for the video. Text that comes
 * from Veo or storage is sanitized first: resource paths and bucket URIs name internals a user
 * must not see, and control characters or very long messages do not belong in a UI.
 */
public final class JobErrors {
  private JobErrors() {}

  static final int MAX_DETAIL_LENGTH = 300;
  private static final Pattern RESOURCE_PATH = Pattern.compile("projects/\\S+");
  private static final Pattern STORAGE_URI = Pattern.compile("gs://\\S+");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n]]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  public static JobError deadlineExceeded(Duration deadline) {
    long minutes = Math.max(1, deadline.toMinutes());
    String span = deadline.toMinutes() >= 1 ? minutes + (minutes == 1 ? " minute" : " minutes")
        : deadline.toSeconds() + " seconds";
    return new JobError(ErrorCode.DEADLINE_EXCEEDED, "The job did not finish within " + span + ".");
  }

  public static JobError safetyFiltered(int filteredCount, List<String> reasons) {
    StringBuilder message = new StringBuilder("The video was blocked by Veo's safety filters (")
        .append(filteredCount).append(" filtered). Try rephrasing the prompt.");
    List<String> clean = reasons == null ? List.of()
        : reasons.stream().map(JobErrors::sanitize).filter(r -> !r.isEmpty()).distinct().toList();
    if (!clean.isEmpty()) {
      message.append(" Reasons: ").append(truncate(clean.stream().collect(Collectors.joining("; "))));
    }
    return new JobError(ErrorCode.SAFETY_FILTERED, message.toString());
  }

  public static JobError noVideo() {
    return new JobError(ErrorCode.NO_VIDEO, "Veo finished without returning a video. Try again or change the prompt.");
  }

  public static JobError generationFailed(int code, String veoMessage) {
    String detail = sanitize(veoMessage);
    String message = "Veo could not generate the video (code " + code + ")"
        + (detail.isEmpty() ? "." : ": " + truncate(detail));
    return new JobError(ErrorCode.GENERATION_FAILED, message);
  }

  public static JobError operationNotFound() {
    return new JobError(ErrorCode.OPERATION_NOT_FOUND, "Veo no longer knows the generation this job was waiting for.");
  }

  /** Storage details stay in the logs; the user learns only that the last step failed. */
  public static JobError finalizeFailed() {
    return new JobError(ErrorCode.FINALIZE_FAILED, "The finished video could not be stored.");
  }

  /** A Veo rejection keeps its code but loses internal names. */
  public static JobError sanitized(JobError error) {
    String detail = truncate(sanitize(error.message()));
    return new JobError(error.code(), detail.isEmpty() ? error.code().name() : detail);
  }

  /** Removes resource paths, storage URIs and control characters; collapses whitespace. */
  public static String sanitize(String text) {
    if (text == null) {
      return "";
    }
    String s = RESOURCE_PATH.matcher(text).replaceAll("[resource]");
    s = STORAGE_URI.matcher(s).replaceAll("[storage]");
    s = CONTROL.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  private static String truncate(String text) {
    if (text.length() <= MAX_DETAIL_LENGTH) {
      return text;
    }
    int end = MAX_DETAIL_LENGTH - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
