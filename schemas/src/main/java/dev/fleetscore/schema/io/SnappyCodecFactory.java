package dev.fleetscore.schema.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet compression codecs on snappy-java alone. Parquet's own {@code CodecFactory} loads Hadoop
 * classes even for SNAPPY; this factory lets every table be written and read with no Hadoop on the
 * classpath. It supports SNAPPY and UNCOMPRESSED, which is all fleetscore writes; files written by
 * other tools with another codec are refused with a clear message.
 */
public final class SnappyCodecFactory implements CompressionCodecFactory {

  public static final SnappyCodecFactory INSTANCE = new SnappyCodecFactory();

  private SnappyCodecFactory() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case SNAPPY -> SNAPPY_COMPRESSOR;
      case UNCOMPRESSED -> NO_COMPRESSOR;
      default ->
          throw new UnsupportedOperationException(
              "fleetscore writes Parquet with SNAPPY or UNCOMPRESSED only, not " + codecName);
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case SNAPPY -> SNAPPY_DECOMPRESSOR;
      case UNCOMPRESSED -> NO_DECOMPRESSOR;
      default ->
          throw new UnsupportedOperationException(
              "cannot read Parquet compressed with "
                  + codecName
                  + "; fleetscore reads SNAPPY and UNCOMPRESSED files");
    };
  }

  @Override
  public void release() {}

  private static byte[] bytesOf(BytesInput in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) in.size());
    in.writeAllTo(out);
    return out.toByteArray();
  }

  private static final BytesInputCompressor SNAPPY_COMPRESSOR =
      new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
          return BytesInput.from(Snappy.compress(bytesOf(bytes)));
        }

        @Override
        public CompressionCodecName getCodecName() {
          return CompressionCodecName.SNAPPY;
        }

        @Override
        public void release() {}
      };

  private static final BytesInputCompressor NO_COMPRESSOR =
      new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) {
          return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
          return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public void release() {}
      };

  private static final BytesInputDecompressor SNAPPY_DECOMPRESSOR =
      new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
          byte[] out = new byte[uncompressedSize];
          int n = Snappy.uncompress(bytesOf(bytes), 0, (int) bytes.size(), out, 0);
          if (n != uncompressedSize) {
            throw new IOException(
                "corrupt Snappy page: expected " + uncompressedSize + " bytes, got " + n);
          }
          return BytesInput.from(out);
        }

        @Override
        public void decompress(
            ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
            throws IOException {
          byte[] in = new byte[compressedSize];
          input.get(in);
          byte[] out = new byte[uncompressedSize];
          Snappy.uncompress(in, 0, compressedSize, out, 0);
          output.put(out);
        }

        @Override
        public void release() {}
      };

  private static final BytesInputDecompressor NO_DECOMPRESSOR =
      new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
          return bytes;
        }

        @Override
        public void decompress(
            ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
          ByteBuffer slice = input.duplicate();
          slice.limit(slice.position() + compressedSize);
          output.put(slice);
          input.position(input.position() + compressedSize);
        }

        @Override
        public void release() {}
      };
}
