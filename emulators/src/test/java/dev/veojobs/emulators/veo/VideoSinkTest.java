package dev.veojobs.emulators.veo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoSinkTest {
  @Test
  void forBucketsSplitsTheUriIntoBucketAndObjectName() {
    List<String> calls = new ArrayList<>();
    VideoSink sink = VideoSink.forBuckets((bucket, name, data, type) ->
        calls.add(bucket + "|" + name + "|" + data.length + "|" + type));

    sink.write("gs://veo-out/jobs/j1/1/op/sample_0.mp4", new byte[3], "video/mp4");

    assertThat(calls).containsExactly("veo-out|jobs/j1/1/op/sample_0.mp4|3|video/mp4");
  }

  @Test
  void forBucketsRejectsUrisWithoutAnObjectName() {
    VideoSink sink = VideoSink.forBuckets((bucket, name, data, type) -> {});

    assertThatThrownBy(() -> sink.write("gs://veo-out", new byte[0], "video/mp4"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
