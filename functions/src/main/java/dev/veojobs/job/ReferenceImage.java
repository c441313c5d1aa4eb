package dev.veojobs.job;

/**
 * A reference ("ingredient") image already in Cloud Storage: Veo keeps the subject it shows in the
 * video. {@code referenceType} is the Vertex AI name of its use, one of {@link VeoLimits#REFERENCE_TYPES}.
 */
public record ReferenceImage(String gcsUri, String mimeType, String referenceType) {

  /** The image alone, for the checks every input image gets. */
  public ImageInput image() {
    return new ImageInput(gcsUri, mimeType);
  }
}
