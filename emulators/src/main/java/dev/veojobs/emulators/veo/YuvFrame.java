package dev.veojobs.emulators.veo;

import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * One frame as full-range YUV 4:2:0 planes (what JCodec's H.264 encoder takes, ColorSpace.YUV420J),
 * with just enough drawing to put a prompt, a clock and a progress bar on it. JCodec stores each
 * sample as a signed byte (value - 128), so the planes hold that form directly.
 */
final class YuvFrame {
  private final int width;
  private final int height;
  private final byte[] luma;
  private final byte[] cb;
  private final byte[] cr;

  YuvFrame(int width, int height) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size must be positive and even: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.luma = new byte[width * height];
    this.cb = new byte[(width / 2) * (height / 2)];
    this.cr = new byte[(width / 2) * (height / 2)];
  }

  private YuvFrame(YuvFrame other) {
    this.width = other.width;
    this.height = other.height;
    this.luma = other.luma.clone();
    this.cb = other.cb.clone();
    this.cr = other.cr.clone();
  }

  YuvFrame copy() {
    return new YuvFrame(this);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** A colour in full-range BT.601 YUV, the matrix JPEG and YUV420J use. */
  record Color(int y, int u, int v) {
    static Color rgb(int r, int g, int b) {
      int y = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      int u = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
      int v = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
      return new Color(clamp(y), clamp(u), clamp(v));
    }

    private static int clamp(int value) {
      return Math.max(0, Math.min(255, value));
    }
  }

  void fill(Color color) {
    fillRect(0, 0, width, height, color);
  }

  void fillRect(int x, int y, int w, int h, Color color) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    for (int row = y0; row < y1; row++) {
      for (int col = x0; col < x1; col++) {
        setPixel(col, row, color);
      }
    }
  }

  /** Draws one line of text with its top-left corner at (x, y), each font pixel scale x scale. */
  void drawText(String text, int x, int y, int scale, Color color) {
    int cursor = x;
    for (int i = 0; i < text.length(); i++) {
      boolean[][] glyph = BitmapFont.glyph(text.charAt(i));
      for (int gy = 0; gy < BitmapFont.GLYPH_HEIGHT; gy++) {
        for (int gx = 0; gx < BitmapFont.GLYPH_WIDTH; gx++) {
          if (glyph[gy][gx]) {
            fillRect(cursor + gx * scale, y + gy * scale, scale, scale, color);
          }
        }
      }
      cursor += advance(scale);
    }
  }

  /** Horizontal distance from one character to the next at this scale. */
  static int advance(int scale) {
    return (BitmapFont.GLYPH_WIDTH + 1) * scale;
  }

  /** Vertical distance from one text line to the next at this scale. */
  static int lineHeight(int scale) {
    return (BitmapFont.GLYPH_HEIGHT + 2) * scale;
  }

  Picture toPicture() {
    Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
    System.arraycopy(luma, 0, picture.getPlaneData(0), 0, luma.length);
    System.arraycopy(cb, 0, picture.getPlaneData(1), 0, cb.length);
    System.arraycopy(cr, 0, picture.getPlaneData(2), 0, cr.length);
    return picture;
  }

  private void setPixel(int x, int y, Color color) {
    luma[y * width + x] = (byte) (color.y() - 128);
    int chroma = (y / 2) * (width / 2) + (x / 2);
    cb[chroma] = (byte) (color.u() - 128);
    cr[chroma] = (byte) (color.v() - 128);
  }
}
