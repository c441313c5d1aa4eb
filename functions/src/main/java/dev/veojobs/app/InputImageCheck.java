package dev.veojobs.app;

import dev.veojobs.job.ImageInput;
import dev.veojobs.job.PermanentFailure;

/**
 * Port: looks at the stored input image right before Veo reads it. A signed upload URL only says
 * what the browser promised; what matters is what is in the bucket now.
 */
@FunctionalInterface
public interface InputImageCheck {

  /**
   * @throws PermanentFailure (INVALID_ARGUMENT) when the object is missing, too large or not an image type we accept
   * @throws dev.veojobs.job.RetryableFailure when storage cannot answer
   */
  void check(ImageInput image);
}
