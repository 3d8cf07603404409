package dev.fleetscore.schema.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Gives Parquet files a footer that does not depend on the JVM that wrote them. parquet-java
 * collects each column chunk's encodings in a {@code HashSet} of the {@code Encoding} enum, whose
 * iteration order follows identity hash codes, so two processes writing the same rows list the
 * encodings in different orders. The output stream here holds back the tail of the file; when the
 * writer closes it, the footer (always within the tail, see {@link #HELD_BACK}) is decoded with
 * parquet's own Thrift classes, its encoding lists and key-value metadata are sorted, and it is
 * re-encoded: same elements, so the same length, and nothing before the footer moves.
 */
final class DeterministicFooter implements OutputFile {

  /** Bytes always held back before the close; a larger footer fails the write loudly. */
  static final int HELD_BACK = 2 << 20;

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private final OutputFile delegate;

  DeterministicFooter(OutputFile delegate) {
    this.delegate = delegate;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return new Tail(delegate.create(blockSizeHint));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return new Tail(delegate.createOrOverwrite(blockSizeHint));
  }

  @Override
  public boolean supportsBlockSize() {
    return delegate.supportsBlockSize();
  }

  @Override
  public long defaultBlockSize() {
    return delegate.defaultBlockSize();
  }

  @Override
  public String getPath() {
    return delegate.getPath();
  }

  /** The footer's key-value metadata of a finished file, read without Hadoop. */
  static FileMetaData readFooter(SeekableInputStream in, long length) throws IOException {
    if (length < 12) {
      throw new IOException("not a Parquet file (" + length + " bytes)");
    }
    byte[] end = new byte[8];
    in.seek(length - 8);
    in.readFully(end);
    int footer = footerLength(end, 0);
    if (!Arrays.equals(end, 4, 8, MAGIC, 0, 4) || footer <= 0 || footer > length - 12) {
      throw new IOException("not a Parquet file (no footer)");
    }
    byte[] bytes = new byte[footer];
    in.seek(length - 8 - footer);
    in.readFully(bytes);
    return Util.readFileMetaData(new ByteArrayInputStream(bytes), true);
  }

  private static int footerLength(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  /** Sorts what parquet-java lists in hash order; returns the re-encoded footer. */
  static byte[] normalise(byte[] footer) throws IOException {
    FileMetaData meta;
    try (InputStream in = new ByteArrayInputStream(footer)) {
      meta = Util.readFileMetaData(in);
    }
    if (meta.isSetRow_groups()) {
      for (RowGroup g : meta.getRow_groups()) {
        for (ColumnChunk c : g.getColumns()) {
          ColumnMetaData m = c.getMeta_data();
          if (m == null) {
            continue;
          }
          if (m.isSetEncodings()) {
            m.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
          }
          if (m.isSetEncoding_stats()) {
            m.getEncoding_stats()
                .sort(
                    Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
                        .thenComparingInt(s -> s.getEncoding().getValue()));
          }
        }
      }
    }
    if (meta.isSetKey_value_metadata()) {
      meta.getKey_value_metadata().sort(Comparator.comparing(KeyValue::getKey));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(footer.length);
    Util.writeFileMetaData(meta, out);
    return out.toByteArray();
  }

  /** Passes bytes through, keeping the last {@link #HELD_BACK} or more until the close. */
  private static final class Tail extends PositionOutputStream {
    private final PositionOutputStream out;
    private byte[] buf = new byte[8192];
    private int len;
    private long pos;
    private boolean closed;

    Tail(PositionOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      pos += n;
      if (len + n > 2 * HELD_BACK) {
        // Forward all but the last HELD_BACK bytes at once, so the copying stays amortised.
        int total = len + n;
        int forward = total - HELD_BACK;
        if (forward <= len) {
          out.write(buf, 0, forward);
          System.arraycopy(buf, forward, buf, 0, len - forward);
          len -= forward;
        } else {
          out.write(buf, 0, len);
          out.write(b, off, forward - len);
          off += forward - len;
          n -= forward - len;
          len = 0;
        }
      }
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.min(2 * HELD_BACK, Math.max(2 * buf.length, len + n)));
      }
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }

    @Override
    public void flush() throws IOException {
      // Held-back bytes stay here until the close; flushing them would defeat the footer rewrite.
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (len >= 12 && Arrays.equals(buf, len - 4, len, MAGIC, 0, 4)) {
          int footer = footerLength(buf, len - 8);
          if (footer <= 0 || footer > len - 8) {
            throw new IOException(
                "Parquet footer of " + footer + " bytes is larger than the held-back tail");
          }
          int at = len - 8 - footer;
          byte[] sorted = normalise(Arrays.copyOfRange(buf, at, len - 8));
          if (sorted.length != footer) {
            throw new IllegalStateException(
                "re-encoded Parquet footer changed length: " + footer + " -> " + sorted.length);
          }
          System.arraycopy(sorted, 0, buf, at, footer);
        }
        out.write(buf, 0, len);
      } finally {
        out.close();
      }
    }
  }
}
