package dev.veojobs.emulators.veo;

import java.util.Set;

/** The Veo models the emulator serves: the Veo 3.1 GA and preview endpoints on Vertex AI. */
final class VeoModels {
  static final Set<String> SUPPORTED = Set.of(
      "veo-3.1-generate-001",
      "veo-3.1-fast-generate-001",
      "veo-3.1-generate-preview",
      "veo-3.1-fast-generate-preview");

  private VeoModels() {}

  static boolean isSupported(String model) {
    return SUPPORTED.contains(model);
  }

  /** The quota's "base model" dimension: Vertex names it without the version suffix. */
  static String baseModel(String model) {
    return model.endsWith("-001") ? model.substring(0, model.length() - 4) : model;
  }
}
