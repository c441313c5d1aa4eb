package dev.veojobs.emulators.veo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vertex publisher-model method URL,
 * {@code /{v1|v1beta1}/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}:{method}}.
 */
record ModelPath(String project, String location, String publisher, String model, String method) {
  private static final Pattern PATH = Pattern.compile(
      "/(?:v1|v1beta1)/projects/([^/]+)/locations/([^/]+)/publishers/([^/]+)/models/([^/:]+):([A-Za-z]+)");
  private static final Pattern OPERATION_NAME = Pattern.compile(
      "projects/[^/]+/locations/[^/]+/publishers/[^/]+/models/[^/:]+/operations/[^/]+");

  static Optional<ModelPath> parse(String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ModelPath(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
  }

  static boolean isOperationName(String name) {
    return OPERATION_NAME.matcher(name).matches();
  }

  String resourceName() {
    return "projects/" + project + "/locations/" + location + "/publishers/" + publisher + "/models/" + model;
  }
}
