package dev.fleetscore.pipeline;

import java.time.LocalDate;

/**
 * TEST DRIVER: one score run in its own JVM, so a test can kill it (see {@code
 * Staging.TestFaults}). Arguments: endpoint, warehouse, date, max quarantine ratio. Credentials
 * come from the AWS default chain (the test passes {@code -Daws.accessKeyId}).
 */
public final class ScoreProcess {

  private ScoreProcess() {}

  public static void main(String[] args) {
    ObjectStore.use(new ObjectStore.Settings(args[0], true, "us-east-1"));
    ScoreRun.run(
        new ScoreRun.Request(
            args[1],
            LocalDate.parse(args[2]),
            null,
            ScoreRun.Engine.REFERENCE,
            null,
            1,
            Double.parseDouble(args[3]),
            null),
        FakeScoring.spec());
  }
}
