package dev.fleetscore.report;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.SnappyCodecFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Streams the rows of one Parquet file of a table as generic records, reading only the columns
 * asked for. Reports read the big node-level tables (findings, effective_settings) this way: one
 * row at a time, a handful of columns, so memory does not grow with the fleet. A file that cannot
 * be read is a {@link UserError} naming the file, not a stack trace.
 *
 * <p>Values come back in Avro's generic form: strings as {@link CharSequence}, dates as days since
 * the epoch ({@code int}), timestamps as epoch milliseconds ({@code long}); {@link Rows} converts.
 */
public final class TableReader implements Iterator<GenericRecord>, Closeable {

  private final ParquetReader<GenericRecord> delegate;
  private final Path file;
  private GenericRecord next;
  private boolean done;

  private TableReader(ParquetReader<GenericRecord> delegate, Path file) {
    this.delegate = delegate;
    this.file = file;
  }

  /** The table's schema cut down to {@code columns}, in the order given. */
  public static Schema projection(Table table, String... columns) {
    Schema full = table.schema();
    List<Schema.Field> fields = new ArrayList<>(columns.length);
    for (String c : columns) {
      Schema.Field f = full.getField(c);
      if (f == null) {
        throw new IllegalArgumentException(table.tableName() + " has no column " + c);
      }
      fields.add(new Schema.Field(f, f.schema()));
    }
    return Schema.createRecord(
        full.getName() + "Projection", full.getDoc(), full.getNamespace(), false, fields);
  }

  /** Opens {@code file} reading only the fields of {@code projection} (or all with the schema). */
  public static TableReader open(Path file, Schema projection) {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
    conf.set("parquet.avro.read.schema", projection.toString());
    conf.setBoolean(AvroReadSupport.AVRO_COMPATIBILITY, false);
    try {
      ParquetReader<GenericRecord> r =
          AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf)
              .withDataModel(GenericData.get())
              .withCodecFactory(SnappyCodecFactory.INSTANCE)
              .build();
      return new TableReader(r, file);
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  static UserError unreadable(Path file, Exception e) {
    return new UserError("cannot read table file " + file + ": " + e.getMessage(), e);
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = delegate.read();
      } catch (IOException | RuntimeException e) {
        // Parquet reports a damaged or foreign file with plain RuntimeExceptions ("not a Parquet
        // file", ParquetDecodingException): bad input, named by its path.
        throw unreadable(file, e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public GenericRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    GenericRecord r = next;
    next = null;
    return r;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
