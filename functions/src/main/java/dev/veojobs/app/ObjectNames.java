package dev.veojobs.app;


/**
 * Where the pipeline keeps objects in the video bucket. One place, because Veo's output prefix, the
 * finalizer's copy, the uploads endpoint and the bucket's lifecycle rules must agree on it.
 */
public final class ObjectNames {
  private ObjectNames() {}

  /**
   * The gs:// prefix Veo writes into for one start attempt. A fresh prefix per attempt keeps a
   * re-driven start from mixing its output with an earlier one.
   */
  public static String rawOutputPrefix(String bucket, String jobId, int attempt) {
    return gcsUri(bucket, "veo-output/" + jobId + "/" + attempt + "/");
  }

  /** Where inline video bytes from Veo are uploaded, so the finalizer always copies. */
  public static String inlineSampleObject(String jobId, int attempt) {
    return inlineSampleObject(jobId, attempt, 0);
  }

  /** Where sample {@code index} (from 0) of inline video bytes is uploaded. */
  public static String inlineSampleObject(String jobId, int attempt, int index) {
    return "veo-output/" + jobId + "/" + attempt + "/sample_" + index + ".mp4";
  }

  /** The finished video; owner first so access rules and listings can go by user. */
  public static String videoObject(String ownerUid, String jobId) {
    return videoObject(ownerUid, jobId, 0);
  }

  /**
   * Sample {@code index} (from 0) of the finished video: the first keeps the name it had before
   * samples were kept, the others add {@code -1}, {@code -2}, {@code -3}.
   */
  public static String videoObject(String ownerUid, String jobId, int index) {
    return "videos/" + ownerUid + "/" + jobId + (index == 0 ? "" : "-" + index) + ".mp4";
  }

  public static String gcsUri(String bucket, String objectName) {
    return "gs://" + bucket + "/" + objectName;
  }

  /** A gs://bucket/object URI taken apart. */
  public record Location(String bucket, String objectName) {

    /** @throws IllegalArgumentException when {@code gcsUri} is not gs://bucket/object */
    public static Location parse(String gcsUri) {
      if (gcsUri == null || !gcsUri.startsWith("gs://")) {
        throw new IllegalArgumentException("not a gs:// URI: " + gcsUri);
      }
      String rest = gcsUri.substring("gs://".length());
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new IllegalArgumentException("not a gs://bucket/object URI: " + gcsUri);
      }
      return new Location(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }
}
