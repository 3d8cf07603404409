package dev.fleetscore.schema.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * The one way fleetscore reads and writes table rows as Parquet. Rows are Avro-generated classes
 * from this module; files are SNAPPY-compressed, with fixed writer settings so that the same rows
 * in the same order give byte-identical files. No Hadoop classes are needed: files are reached
 * through Parquet's {@link InputFile}/{@link OutputFile}, local ones via {@link #local(Path)},
 * remote ones through adapters such as the pipeline's Beam file-system channels.
 *
 * <p>A file may carry the id of the run that wrote it as key-value metadata ({@link #RUN_ID_KEY});
 * readers check it against the run's completion record ({@link RunRecord}). The footer is written
 * the same by every JVM ({@link DeterministicFooter}).
 */
public final class ParquetRows {

  /** Row group size: small enough to stream a bucket in bounded memory. */
  public static final int ROW_GROUP_BYTES = 32 * 1024 * 1024;

  /**
   * Free-text columns written without min/max statistics: nobody filters or prunes on a reason or a
   * remediation, and comparing every long text with the page's minimum and maximum cost about 6% of
   * a scoring run's CPU. A name applies in every table that has it.
   */
  static final List<String> FREE_TEXT_COLUMNS =
      List.of("title", "reason", "evidence", "remediation", "no_evidence_fix", "note", "raw_value");

  /** Footer key naming the run that wrote a file. */
  public static final String RUN_ID_KEY = "fleetscore.run_id";

  private ParquetRows() {}

  /** Opens a writer for rows of {@code type} to {@code file}, replacing it if it exists. */
  public static <T extends SpecificRecord> Writer<T> writer(OutputFile file, Class<T> type)
      throws IOException {
    return writer(file, type, null);
  }

  /**
   * Opens a writer whose file carries {@code runId} (when not null) under {@link #RUN_ID_KEY}. Rows
   * of the tables' flat shapes go through {@link RowWriteSupport} with {@link
   * InterningValuesWriterFactory}; any other through parquet-avro's writer. Both give the same
   * bytes.
   */
  public static <T extends SpecificRecord> Writer<T> writer(
      OutputFile file, Class<T> type, String runId) throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    Optional<RowWriteSupport<T>> direct = RowWriteSupport.plan(schema);
    if (direct.isEmpty()) {
      return avroWriter(file, type, runId);
    }
    return new Writer<>(
        settings(new DirectBuilder<>(new DeterministicFooter(file), direct.get()), runId).build());
  }

  /** A writer through parquet-avro's {@code AvroWriteSupport}, for shapes the direct one lacks. */
  static <T extends SpecificRecord> Writer<T> avroWriter(
      OutputFile file, Class<T> type, String runId) throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    return new Writer<>(
        settings(AvroParquetWriter.<T>builder(new DeterministicFooter(file)), runId)
            .withSchema(model.getSchema(type))
            .withDataModel(model)
            .build());
  }

  /** The writer settings every table file is written with. */
  private static <T, B extends ParquetWriter.Builder<T, B>> B settings(B builder, String runId) {
    B b =
        builder
            .withExtraMetaData(runId == null ? Map.of() : Map.of(RUN_ID_KEY, runId))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(SnappyCodecFactory.INSTANCE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize((long) ROW_GROUP_BYTES)
            .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
            .withDictionaryEncoding(true)
            .withValidation(false);
    for (String column : FREE_TEXT_COLUMNS) {
      b = b.withStatisticsEnabled(column, false);
    }
    return b;
  }

  /**
   * Whether string dictionaries take the identity shortcut of {@link InterningValuesWriterFactory}.
   * parquet-java's writer builder has no setter for the values-writer factory, only its properties
   * builder does, so it is reached by reflection; if a parquet version moves it, files are still
   * written (the same bytes), only slower, and a test fails.
   */
  static boolean internsStrings() {
    return ENCODING_PROPERTIES != null;
  }

  private static final Field ENCODING_PROPERTIES = encodingProperties();

  private static Field encodingProperties() {
    try {
      Field f = ParquetWriter.Builder.class.getDeclaredField("encodingPropsBuilder");
      if (f.getType() != ParquetProperties.Builder.class) {
        return null;
      }
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** A Parquet writer builder for {@link RowWriteSupport}, with interning string dictionaries. */
  private static final class DirectBuilder<T extends IndexedRecord>
      extends ParquetWriter.Builder<T, DirectBuilder<T>> {
    private final RowWriteSupport<T> support;

    DirectBuilder(OutputFile file, RowWriteSupport<T> support) throws IOException {
      super(file);
      this.support = support;
      if (ENCODING_PROPERTIES != null) {
        try {
          ((ParquetProperties.Builder) ENCODING_PROPERTIES.get(this))
              .withValuesWriterFactory(new InterningValuesWriterFactory());
        } catch (IllegalAccessException e) {
          throw new IOException("cannot configure the Parquet writer", e);
        }
      }
    }

    @Override
    protected DirectBuilder<T> self() {
      return this;
    }

    @Override
    @Deprecated // parquet's own signature; the builder calls the ParquetConfiguration one
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }

  /** Writes all {@code rows} to {@code file} and closes it. */
  public static <T extends SpecificRecord> void write(
      OutputFile file, Class<T> type, Iterable<? extends T> rows) throws IOException {
    write(file, type, rows, null);
  }

  /** Writes all {@code rows} to {@code file}, stamped with {@code runId}, and closes it. */
  public static <T extends SpecificRecord> void write(
      OutputFile file, Class<T> type, Iterable<? extends T> rows, String runId) throws IOException {
    try (Writer<T> w = writer(file, type, runId)) {
      for (T row : rows) {
        w.write(row);
      }
    }
  }

  /**
   * Opens a reader of {@code file} that returns rows as {@code type}. Files written with an older
   * version of the schema are read with the current one: added fields take their defaults.
   */
  public static <T extends SpecificRecord> Reader<T> reader(InputFile file, Class<T> type)
      throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set("parquet.avro.read.schema", model.getSchema(type).toString());
    conf.setBoolean(AvroReadSupport.AVRO_COMPATIBILITY, false);
    ParquetReader<T> r =
        AvroParquetReader.<T>builder(file, conf)
            .withDataModel(model)
            .withCodecFactory(SnappyCodecFactory.INSTANCE)
            .build();
    return new Reader<>(r, file);
  }

  /** Reads every row of {@code file}. Meant for small tables and tests. */
  public static <T extends SpecificRecord> List<T> readAll(InputFile file, Class<T> type)
      throws IOException {
    List<T> out = new ArrayList<>();
    try (Reader<T> r = reader(file, type)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  /** The run id in {@code file}'s footer; empty for files written without one. */
  public static Optional<String> runId(InputFile file) throws IOException {
    try (SeekableInputStream in = file.newStream()) {
      FileMetaData meta = DeterministicFooter.readFooter(in, file.getLength());
      if (meta.isSetKey_value_metadata()) {
        for (KeyValue kv : meta.getKey_value_metadata()) {
          if (RUN_ID_KEY.equals(kv.getKey())) {
            return Optional.ofNullable(kv.getValue());
          }
        }
      }
      return Optional.empty();
    }
  }

  /** The number of rows {@code file}'s footer declares. */
  public static long rowCount(InputFile file) throws IOException {
    try (SeekableInputStream in = file.newStream()) {
      return DeterministicFooter.readFooter(in, file.getLength()).getNum_rows();
    }
  }

  public static InputFile local(Path path) {
    return new LocalInputFile(path);
  }

  public static OutputFile localOut(Path path) {
    return new LocalOutputFile(path);
  }

  /** A Parquet writer of one table's rows. */
  public static final class Writer<T> implements Closeable {
    private final ParquetWriter<T> delegate;
    private long rows;

    private Writer(ParquetWriter<T> delegate) {
      this.delegate = delegate;
    }

    public void write(T row) throws IOException {
      delegate.write(row);
      rows++;
    }

    public long rows() {
      return rows;
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  /** A streaming reader of one file's rows, in file order. */
  public static final class Reader<T> implements Iterator<T>, Closeable {
    private final ParquetReader<T> delegate;
    private final InputFile file;
    private T next;
    private boolean done;

    private Reader(ParquetReader<T> delegate, InputFile file) {
      this.delegate = delegate;
      this.file = file;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = delegate.read();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read Parquet file " + file, e);
        }
        done = next == null;
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T r = next;
      next = null;
      return r;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      while (hasNext()) {
        action.accept(next());
      }
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
