package dev.veojobs.job;

/**
 * What an extension continues: the caller's own COMPLETED job and its video, as they were when the
 * extension was created (the source's video never changes after COMPLETED, so copying it is safe).
 *
 * @param sourceJobId the job whose video is continued
 * @param videoGcsUri that job's video, {@code gs://…}, which Veo reads
 * @param sourceSeconds how long that video is; Veo only extends videos of
 *     {@link VeoLimits#MIN_EXTENSION_INPUT_SECONDS}–{@link VeoLimits#MAX_EXTENSION_INPUT_SECONDS} s
 */
public record VideoExtension(String sourceJobId, String videoGcsUri, int sourceSeconds) {

  /** The length of the video an extension makes: Veo returns the source with the continuation appended. */
  public int resultSeconds() {
    return sourceSeconds + VeoLimits.EXTENSION_SECONDS;
  }
}
