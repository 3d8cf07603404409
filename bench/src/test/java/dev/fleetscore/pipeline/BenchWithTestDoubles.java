package dev.fleetscore.pipeline;

import dev.fleetscore.bench.Bench;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmark with the TEST DOUBLE normalizer and rule engine ({@link FakeScoring}) until
 * the real ones are merged; {@code fleetscore bench} uses the production ones. Arguments: nodes,
 * folder, engines (comma-separated: reference,direct,flink).
 */
public final class BenchWithTestDoubles {

  private BenchWithTestDoubles() {}

  public static void main(String[] args) {
    int nodes = Integer.parseInt(args[0]);
    Path dir = Path.of(args.length > 1 ? args[1] : "/tmp/fleetscore-bench");
    List<ScoreRun.Engine> engines =
        Arrays.stream((args.length > 2 ? args[2] : "reference,direct,flink").split(","))
            .map(ScoreRun.Engine::parse)
            .toList();
    Bench.run(new Bench.Options(nodes, 42, dir, engines, 2, FakeScoring.spec()), System.out);
  }
}
