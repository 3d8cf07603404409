package dev.fleetscore.pipeline;

import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * WriteTables: builds the single-file tables (control_summary, cluster_compliance, fleet_summary,
 * changes against the previous snapshot's control_summary, quarantine) and the cluster-scoped
 * findings from the run's one {@link FleetAggregate}, and writes them to the staging folders
 * ({@link SummaryTables} holds the logic and row orders). The node-level tables were already
 * written per bucket by {@link ScoreBuckets}. Output: the staged fleet_summary path, once.
 */
final class WriteTables extends PTransform<PCollection<FleetAggregate>, PCollection<String>> {

  private final RunInfo run;
  private final ScoringSpec scoring;
  private final int bucketCount;
  private final LocalDate previousDate;
  private final List<String> previousFiles;

  WriteTables(
      RunInfo run,
      ScoringSpec scoring,
      int bucketCount,
      Optional<LocalDate> previousDate,
      List<String> previousFiles) {
    this.run = run;
    this.scoring = scoring;
    this.bucketCount = bucketCount;
    this.previousDate = previousDate.orElse(null);
    this.previousFiles = List.copyOf(previousFiles);
  }

  @Override
  public PCollection<String> expand(PCollection<FleetAggregate> aggregate) {
    PCollectionView<List<ControlSummaryRow>> previous =
        aggregate
            .getPipeline()
            .apply("ListPreviousSummary", Create.of(previousFiles).withCoder(StringUtf8Coder.of()))
            .apply("ReadPreviousSummary", ParDo.of(new ReadControlSummaryFn()))
            .setCoder(AvroCoder.of(ControlSummaryRow.class))
            .apply("PreviousSummaryView", View.asList());
    return aggregate
        .apply(
            "WriteSummaryTables",
            ParDo.of(new WriteSummaryTablesFn(run, scoring, bucketCount, previousDate, previous))
                .withSideInputs(previous))
        .setCoder(StringUtf8Coder.of());
  }

  static final class ReadControlSummaryFn extends DoFn<String, ControlSummaryRow> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element String path, OutputReceiver<ControlSummaryRow> out) {
      try (ParquetRows.Reader<ControlSummaryRow> r =
          ParquetRows.reader(BeamFiles.input(path), ControlSummaryRow.class)) {
        r.forEachRemaining(out::output);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read previous control_summary " + path, e);
      }
    }
  }

  static final class WriteSummaryTablesFn extends DoFn<FleetAggregate, String> {
    private static final long serialVersionUID = 1L;
    private final RunInfo run;
    private final ScoringSpec scoring;
    private final int bucketCount;
    private final LocalDate previousDate;
    private final PCollectionView<List<ControlSummaryRow>> previous;

    WriteSummaryTablesFn(
        RunInfo run,
        ScoringSpec scoring,
        int bucketCount,
        LocalDate previousDate,
        PCollectionView<List<ControlSummaryRow>> previous) {
      this.run = run;
      this.scoring = scoring;
      this.bucketCount = bucketCount;
      this.previousDate = previousDate;
      this.previous = previous;
    }

    @ProcessElement
    public void process(@Element FleetAggregate agg, ProcessContext c, OutputReceiver<String> out) {
      Scoring s = scoring.load();
      SummaryTables t =
          SummaryTables.build(
              agg,
              c.sideInput(previous),
              Optional.ofNullable(previousDate),
              s.evaluator().frameworks(),
              s.evaluator().packVersions(),
              run);
      SummaryWriter.write(t, bucketCount, run);
      out.output(Staging.file(run, Table.FLEET_SUMMARY, SummaryWriter.SINGLE_FILE));
    }
  }
}
