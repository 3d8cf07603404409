package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.FindingRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule-author example in docs/rules.md loads and does what it says. */
class RulesDocExampleTest {

  private static String block(String readme, String firstLine) {
    Matcher m =
        Pattern.compile("```yaml\n(" + Pattern.quote(firstLine) + "\n.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertTrue(m.find(), "docs/rules.md has no yaml block starting with " + firstLine);
    return m.group(1);
  }

  @Test
  void theDocumentedExamplePackAndExemptionsLoad(@TempDir Path dir) throws IOException {
    String readme = Files.readString(Path.of("..", "docs", "rules.md"));
    Path pack = dir.resolve("site-rules");
    Files.createDirectories(pack);
    Files.writeString(pack.resolve("pack.yaml"), block(readme, "# site-rules/pack.yaml"));
    Files.writeString(pack.resolve("kubelet.yaml"), block(readme, "# site-rules/kubelet.yaml"));
    Path exemptions = dir.resolve("exemptions.yaml");
    Files.writeString(exemptions, block(readme, "exemptions:"));
    RuleEngine engine = RuleEngine.load(List.of(pack), exemptions);
    assertTrue(engine.frameworks().contains("site-1"));
    List<FindingRow> f =
        engine.evaluateNode(
            Fixtures.node(
                Fixtures.yaml(
                    "kubelet_version: v1.30.1\n"
                        + "components: {kubelet: {settings: {readOnlyPort: {value: 10255, source: LEGACY_DEFAULT}}}}")),
            Fixtures.CTX);
    FindingRow port =
        f.stream()
            .filter(x -> x.getRuleId().equals("site-1/kubelet-read-only-port"))
            .findFirst()
            .orElseThrow();
    assertEquals("FAIL", port.getState());
    assertEquals(List.of("site-1:K-1", "cis-kubernetes-1.12:4.2.4"), port.getFrameworkIds());
    assertTrue(
        port.getReason().endsWith("Appended to the reason when the rule fails."), port.getReason());
  }
}
