package dev.veojobs.emulators.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.firestore.v1.Value;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldPathTest {
  @Test
  void parsesDottedAndQuotedSegments() {
    assertThat(FieldPath.parse("request.parameters.seed").segments()).containsExactly("request", "parameters", "seed");
    assertThat(FieldPath.parse("`a.b`.c").segments()).containsExactly("a.b", "c");
    assertThat(FieldPath.parse("`we\\`ird`").segments()).containsExactly("we`ird");
    assertThat(FieldPath.parse("`a.b`.c").canonical()).isEqualTo("`a.b`.c");
  }

  @Test
  void rejectsEmptySegments() {
    assertThatThrownBy(() -> FieldPath.parse("a..b")).isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT");
    assertThatThrownBy(() -> FieldPath.parse("`open")).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void setsAndDeletesNestedFieldsReplacingNonMaps() {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("a", Value.newBuilder().setStringValue("scalar").build());
    FieldPath.parse("a.b.c").set(fields, Value.newBuilder().setIntegerValue(1).build());

    assertThat(FieldPath.parse("a.b.c").get(fields)).hasValueSatisfying(v -> assertThat(v.getIntegerValue()).isEqualTo(1));

    FieldPath.parse("a.b.c").delete(fields);
    assertThat(FieldPath.parse("a.b.c").get(fields)).isEmpty();
    assertThat(FieldPath.parse("a.b").get(fields)).isPresent();
    assertThat(PlainValues.toJava(fields)).isEqualTo(Map.of("a", Map.of("b", Map.of())));
    assertThat(List.of(FieldPath.parse("b"), FieldPath.parse("a.z"), FieldPath.parse("a")).stream().sorted().toList())
        .containsExactly(FieldPath.parse("a"), FieldPath.parse("a.z"), FieldPath.parse("b"));
  }
}
