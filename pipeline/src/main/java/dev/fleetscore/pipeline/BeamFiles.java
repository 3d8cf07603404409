package dev.fleetscore.pipeline;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet's {@link InputFile} and {@link OutputFile} over Beam {@link FileSystems}, so the pipeline
 * reads and writes {@code gs://}, {@code s3://} or local paths alike (add the matching Beam
 * file-system module to the classpath), with no Hadoop file system involved.
 */
public final class BeamFiles {

  private static final int WRITE_BUFFER = 1 << 20;

  private BeamFiles() {}

  /** Files matching a glob, sorted by path; empty when nothing matches. */
  public static List<MatchResult.Metadata> match(String glob) {
    try {
      MatchResult r = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
      if (r.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      List<MatchResult.Metadata> out = new ArrayList<>(r.metadata());
      out.removeIf(m -> m.resourceId().isDirectory());
      out.sort(Comparator.comparing(m -> m.resourceId().toString()));
      return out;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob, e);
    }
  }

  /** The last path segment. */
  public static String fileName(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }

  /**
   * Writes {@code content} beside {@code path} under the hidden name {@code .<tag>.json}, then
   * renames it over {@code path}: readers see the previous file or the new one, never part of one
   * (a single PUT on an object store, an atomic rename on a local disk). Used for completion
   * records and lineages, which switch readers from one snapshot to the next.
   */
  public static void writeAtomically(String path, String tag, byte[] content) {
    String tmp = path.substring(0, path.lastIndexOf('/') + 1) + "." + tag + ".json";
    try {
      try (WritableByteChannel c = FileSystems.create(resource(tmp), "application/json")) {
        c.write(ByteBuffer.wrap(content));
      }
      FileSystems.rename(List.of(resource(tmp)), List.of(resource(path)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static ResourceId resource(String path) {
    return FileSystems.matchNewResource(local(path), false);
  }

  /**
   * {@code path} with a {@code file://} scheme dropped: Beam's local file system matches globs of
   * {@code file://} URIs but takes a new resource's name as a relative path, so {@code
   * file:///tmp/wh} would become {@code ./file:/tmp/wh}.
   */
  public static String local(String path) {
    return path.startsWith("file://") ? path.substring("file://".length()) : path;
  }

  public static InputFile input(String path) {
    try {
      MatchResult.Metadata m = FileSystems.matchSingleFileSpec(path);
      return new In(m.resourceId(), m.sizeBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path, e);
    }
  }

  public static OutputFile output(String path) {
    return new Out(resource(path));
  }

  private static final class In implements InputFile {
    private final ResourceId id;
    private final long length;

    In(ResourceId id, long length) {
      this.id = id;
      this.length = length;
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      ReadableByteChannel ch = FileSystems.open(id);
      if (!(ch instanceof SeekableByteChannel s)) {
        ch.close();
        throw new IOException("file system of " + id + " cannot seek; Parquet needs to");
      }
      return new ChannelInput(s);
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  /** A seekable stream over a channel; Parquet reads whole column chunks, so no extra buffer. */
  private static final class ChannelInput extends SeekableInputStream {
    private final SeekableByteChannel ch;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelInput(SeekableByteChannel ch) {
      this.ch = ch;
    }

    @Override
    public long getPos() throws IOException {
      return ch.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      ch.position(newPos);
    }

    @Override
    public int read() throws IOException {
      one.clear();
      int n;
      do {
        n = ch.read(one);
      } while (n == 0);
      return n < 0 ? -1 : one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return ch.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      readFully(ByteBuffer.wrap(bytes, start, len));
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      return ch.read(buf);
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new EOFException("end of file with " + buf.remaining() + " bytes left to read");
        }
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  private static final class Out implements OutputFile {
    private final ResourceId id;

    Out(ResourceId id) {
      this.id = id;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      OutputStream os =
          new BufferedOutputStream(
              Channels.newOutputStream(FileSystems.create(id, MimeTypes.BINARY)), WRITE_BUFFER);
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          os.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          os.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          os.flush();
        }

        @Override
        public void close() throws IOException {
          os.close();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return id.toString();
    }
  }
}
