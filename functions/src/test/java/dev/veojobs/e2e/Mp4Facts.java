package dev.veojobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;

/** What a player would learn from an MP4's boxes: that it is one, how long and how large its video is. */
record Mp4Facts(String firstBox, double durationSeconds, int width, int height) {
  static Mp4Facts of(byte[] file) {
    String firstBox = file.length < 8 ? "" : new String(Arrays.copyOfRange(file, 4, 8), StandardCharsets.US_ASCII);
    try (MP4Demuxer demuxer = MP4Demuxer.createMP4Demuxer(
        ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(file)))) {
      DemuxerTrackMeta meta = demuxer.getVideoTrack().getMeta();
      Size size = meta.getVideoCodecMeta().getSize();
      return new Mp4Facts(firstBox, meta.getTotalDuration(), size.getWidth(), size.getHeight());
    } catch (IOException e) {
      throw new UncheckedIOException("not a readable MP4", e);
    }
  }
}
