package dev.veojobs.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.veojobs.job.FieldViolation;
import java.util.List;

/** {@code {"error":{"code":"…","message":"…","details":[{"field":"…","reason":"…"}]}}}. */
record ErrorResource(Body error) {

  record Body(String code, String message, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Detail> details) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Detail(String field, String reason) {}

  static ErrorResource of(ApiException e) {
    List<Detail> details = e.details().stream().map(ErrorResource::detail).toList();
    return new ErrorResource(new Body(e.status().name(), e.getMessage(), details));
  }

  private static Detail detail(FieldViolation v) {
    return new Detail(v.field(), v.reason());
  }
}
