package dev.fleetscore.schema.io;

import java.util.IdentityHashMap;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's default (format 1.0) values writers, except that a string column's dictionary remembers
 * the {@link Binary} instances it was given: a value passed again as the same instance (as {@link
 * RowWriteSupport} does for a repeated string) gets its dictionary id without hashing and comparing
 * its bytes, which for long texts such as remediations was the largest single cost of writing
 * findings. The dictionary ids, pages and fallback to plain encoding are those of parquet's own
 * {@code PlainBinaryDictionaryValuesWriter} (which this one extends and calls for every value it
 * has not seen as that instance), so the file bytes do not change. Only constant binaries may be
 * passed: an instance whose bytes change later would keep its first id.
 */
final class InterningValuesWriterFactory implements ValuesWriterFactory {

  private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private ParquetProperties properties;

  @Override
  public void initialize(ParquetProperties props) {
    this.properties = props;
    defaults.initialize(props);
  }

  @Override
  @SuppressWarnings("deprecation") // PLAIN_DICTIONARY: the encoding format 1.0 files declare
  public ValuesWriter newValuesWriter(ColumnDescriptor column) {
    if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY
        || properties.getWriterVersion() != ParquetProperties.WriterVersion.PARQUET_1_0
        || !properties.isDictionaryEnabled(column)) {
      return defaults.newValuesWriter(column);
    }
    // As DefaultV1ValuesWriterFactory builds it: PLAIN_DICTIONARY pages, plain fallback.
    return FallbackValuesWriter.of(
        new InterningDictionaryWriter(
            properties.getDictionaryPageSizeThreshold(),
            Encoding.PLAIN_DICTIONARY,
            Encoding.PLAIN_DICTIONARY,
            properties.getAllocator()),
        new PlainValuesWriter(
            properties.getInitialSlabSize(),
            properties.getPageSizeThreshold(),
            properties.getAllocator()));
  }

  /** Parquet's binary dictionary writer with an identity shortcut in front of its hash map. */
  static final class InterningDictionaryWriter
      extends DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter {

    /** Instances remembered before the shortcut starts over (the dictionary itself stays). */
    static final int MAX_INSTANCES = 1 << 14;

    /** Bytes the remembered instances may total before the shortcut starts over. */
    static final long MAX_BYTES = 4L << 20;

    private final IdentityHashMap<Binary, Integer> ids = new IdentityHashMap<>();
    private long bytes;

    InterningDictionaryWriter(
        int maxDictionaryByteSize,
        Encoding dataPageEncoding,
        Encoding dictPageEncoding,
        ByteBufferAllocator allocator) {
      super(maxDictionaryByteSize, dataPageEncoding, dictPageEncoding, allocator);
    }

    @Override
    public void writeBytes(Binary v) {
      Integer id = ids.get(v);
      if (id != null) {
        encodedValues.add(id);
        return;
      }
      super.writeBytes(v);
      if (!v.isBackingBytesReused()) {
        if (ids.size() >= MAX_INSTANCES || bytes + v.length() > MAX_BYTES) {
          ids.clear();
          bytes = 0;
        }
        ids.put(v, binaryDictionaryContent.getInt(v));
        bytes += v.length();
      }
    }

    @Override
    protected void clearDictionaryContent() {
      ids.clear();
      bytes = 0;
      super.clearDictionaryContent();
    }
  }
}
