package dev.veojobs.emulators.veo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jcodec.common.io.SeekableByteChannel;

/**
 * An in-memory, seekable channel that grows as it is written. JCodec's MP4 muxer seeks back to
 * patch box sizes, and its own ByteBufferSeekableByteChannel has a fixed capacity; this one lets the
 * generator build a video without guessing its size or touching the file system.
 */
final class GrowableByteChannel implements SeekableByteChannel {
  private byte[] data = new byte[64 * 1024];
  private int size;
  private int position;
  private boolean open = true;

  @Override
  public int read(ByteBuffer dst) {
    if (position >= size) {
      return -1;
    }
    int count = Math.min(dst.remaining(), size - position);
    dst.put(data, position, count);
    position += count;
    return count;
  }

  @Override
  public int write(ByteBuffer src) {
    int count = src.remaining();
    ensureCapacity(position + count);
    src.get(data, position, count);
    position += count;
    size = Math.max(size, position);
    return count;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel setPosition(long newPosition) {
    if (newPosition < 0 || newPosition > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("position out of range: " + newPosition);
    }
    position = (int) newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    if (newSize < size) {
      size = (int) Math.max(0, newSize);
      position = Math.min(position, size);
    }
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }

  private void ensureCapacity(int needed) {
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
  }
}
