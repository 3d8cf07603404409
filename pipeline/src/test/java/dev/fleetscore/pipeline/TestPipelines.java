package dev.fleetscore.pipeline;

import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Runs a Beam {@link TestPipeline} from a JUnit 5 test. TestPipeline is a JUnit 4 rule that checks
 * every transform ran and its PAsserts held; applying it around the test body keeps those checks
 * (and its immutability and encodability enforcement on the DirectRunner).
 */
final class TestPipelines {

  interface Body {
    void run(TestPipeline p) throws Exception;
  }

  private TestPipelines() {}

  static void run(Class<?> test, String name, Body body) throws Throwable {
    TestPipeline p = TestPipeline.create();
    p.apply(
            new Statement() {
              @Override
              public void evaluate() throws Throwable {
                body.run(p);
              }
            },
            Description.createTestDescription(test, name))
        .evaluate();
  }
}
