package dev.fleetscore.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.CiFindings.Finding;
import dev.fleetscore.report.CiFindings.Rule;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.States;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Findings as one SARIF 2.1.0 log with one run. Choices (docs/reports-and-evidence.md, "Findings
 * for CI systems"):
 *
 * <ul>
 *   <li>Results are the FAIL and WARN findings only. GitHub shows every result as an alert, also
 *       {@code kind: pass} and suppressed ones, so EXEMPT, NO_EVIDENCE, NOT_APPLICABLE, MANUAL and
 *       PASS are not results; their counts are in {@code run.properties.stateCounts}.
 *   <li>Level: FAIL at CRITICAL or HIGH is {@code error}, MEDIUM {@code warning}, LOW and INFO
 *       {@code note}; a WARN is always {@code note}. Each rule carries the same as {@code
 *       defaultConfiguration.level} and a {@code security-severity} score (9.5, 8.0, 5.5, 3.0,
 *       1.0).
 *   <li>Location: the node (or cluster) as a logical location of kind {@code resource} named {@code
 *       cluster/node}, and, because GitHub refuses a result without a physical location, a relative
 *       artifact URI {@code fleetscore/<cluster>/<node>} (each segment percent-encoded) with a
 *       one-character region on line 1. It is never a path of the collecting or scoring machine.
 *   <li>Fingerprints: {@code fleetscore/v1} is the SHA-256 of rule id, cluster and node, and {@code
 *       primaryLocationLineHash} its first 16 hex digits with {@code :1}; both stay the same across
 *       runs and dates while the finding stays, so alerts are tracked, not re-opened.
 *   <li>{@code automationDetails.id} is {@code fleetscore/} (or {@code fleetscore/<cluster>/} when
 *       exactly one {@code --cluster} is given), a category that separates uploads per cluster.
 *   <li>No times and no invocation: the file depends only on the findings and the packs.
 * </ul>
 */
final class SarifFindings {

  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two-space indent and LF on every platform, so the bytes do not depend on the OS. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private SarifFindings() {}

  /**
   * Writes the log of {@code findings} (the FAIL and WARN ones) with {@code counts} (findings per
   * state after the filter).
   */
  static void write(
      LocalDate date,
      FindingFilter filter,
      List<Finding> findings,
      Map<String, Long> counts,
      Map<String, Rule> packRules,
      OutputStream out) {
    List<Finding> failing = new ArrayList<>();
    for (Finding f : findings) {
      if (f.failing()) {
        failing.add(f);
      }
    }
    failing.sort(
        Comparator.comparing(Finding::ruleId, NaturalOrder.INSTANCE)
            .thenComparing(Finding::cluster)
            .thenComparing(Finding::node, Comparator.nullsFirst(Comparator.naturalOrder())));
    TreeMap<String, Rule> rules = new TreeMap<>(NaturalOrder.INSTANCE);
    for (Finding f : failing) {
      rules.putIfAbsent(f.ruleId(), CiFindings.rule(f, packRules));
    }
    List<String> ruleIds = new ArrayList<>(rules.keySet());

    ObjectNode log = JSON.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "fleetscore");
    driver.put("semanticVersion", FleetscoreVersion.VERSION);
    ArrayNode ruleArray = driver.putArray("rules");
    for (Rule r : rules.values()) {
      rule(ruleArray.addObject(), r);
    }
    String category =
        filter.clusters().size() == 1
            ? "fleetscore/" + filter.clusters().first() + "/"
            : "fleetscore/";
    run.putObject("automationDetails").put("id", category);
    run.put("columnKind", "utf16CodeUnits");
    ArrayNode results = run.putArray("results");
    for (Finding f : failing) {
      result(results.addObject(), f, ruleIds.indexOf(f.ruleId()));
    }
    ObjectNode props = run.putObject("properties");
    props.put("snapshotDate", date.toString());
    ObjectNode sc = props.putObject("stateCounts");
    counts.forEach(sc::put);
    try {
      JSON.writer(PRETTY).writeValue(new NonClosingStream(out), log);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write SARIF", e);
    }
  }

  private static void rule(ObjectNode o, Rule r) {
    o.put("id", r.id());
    o.put("name", r.id());
    o.putObject("shortDescription").put("text", r.title());
    o.putObject("fullDescription").put("text", r.title() + ". Passes when: " + r.expected());
    String help = CiFindings.remediation(r);
    o.putObject("help").put("text", help);
    o.putObject("defaultConfiguration").put("level", level(States.FAIL, r.severity()));
    ObjectNode p = o.putObject("properties");
    ArrayNode tags = p.putArray("tags");
    tags.add("security");
    tags.add(r.pack());
    p.put("precision", "very-high");
    p.put("problem.severity", problemSeverity(r.severity()));
    p.put("security-severity", securitySeverity(r.severity()));
    p.put("severity", r.severity());
  }

  private static void result(ObjectNode o, Finding f, int ruleIndex) {
    o.put("ruleId", f.ruleId());
    o.put("ruleIndex", ruleIndex);
    o.put("kind", "fail");
    o.put("level", level(f.state(), f.severity()));
    o.putObject("message").put("text", message(f));
    ObjectNode loc = o.putArray("locations").addObject();
    ObjectNode phys = loc.putObject("physicalLocation");
    phys.putObject("artifactLocation").put("uri", uri(f));
    ObjectNode region = phys.putObject("region");
    region.put("startLine", 1);
    region.put("startColumn", 1);
    region.put("endLine", 1);
    region.put("endColumn", 2);
    ObjectNode logical = loc.putArray("logicalLocations").addObject();
    logical.put("name", f.node() == null ? f.cluster() : f.node());
    logical.put("fullyQualifiedName", qualified(f));
    logical.put("kind", "resource");
    String fp = fingerprint(f);
    ObjectNode fps = o.putObject("partialFingerprints");
    fps.put("fleetscore/v1", fp);
    fps.put("primaryLocationLineHash", fp.substring(0, 16) + ":1");
    ObjectNode p = o.putObject("properties");
    p.put("cluster", f.cluster());
    putNullable(p, "node", f.node());
    putNullable(p, "nodePool", f.pool());
    p.put("state", f.state());
    p.put("severity", f.severity());
    putNullable(p, "component", f.component());
    putNullable(p, "setting", f.setting());
    putNullable(p, "actual", f.actual());
    p.put("expected", f.expected());
    putNullable(p, "source", f.source());
    putNullable(p, "origin", f.origin());
    putNullable(p, "evidence", f.evidence());
    ArrayNode fw = p.putArray("frameworkIds");
    f.frameworkIds().forEach(fw::add);
  }

  private static void putNullable(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  static String message(Finding f) {
    return f.title()
        + " on "
        + (f.node() == null ? "cluster " + f.cluster() : "node " + f.node() + " of " + f.cluster())
        + ": "
        + f.reason()
        + " (actual: "
        + (f.actual() == null ? "none" : f.actual())
        + "; expected: "
        + f.expected()
        + ")";
  }

  static String level(String state, String severity) {
    if (!States.FAIL.equals(state)) {
      return "note";
    }
    return switch (severity) {
      case States.CRITICAL, States.HIGH -> "error";
      case States.MEDIUM -> "warning";
      default -> "note";
    };
  }

  private static String problemSeverity(String severity) {
    return switch (severity) {
      case States.CRITICAL, States.HIGH -> "error";
      case States.MEDIUM -> "warning";
      default -> "recommendation";
    };
  }

  static String securitySeverity(String severity) {
    return switch (severity) {
      case States.CRITICAL -> "9.5";
      case States.HIGH -> "8.0";
      case States.MEDIUM -> "5.5";
      case States.LOW -> "3.0";
      default -> "1.0";
    };
  }

  static String qualified(Finding f) {
    return f.node() == null ? f.cluster() : f.cluster() + "/" + f.node();
  }

  static String uri(Finding f) {
    return "fleetscore/" + segment(f.cluster()) + (f.node() == null ? "" : "/" + segment(f.node()));
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String fingerprint(Finding f) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String key = f.ruleId() + "\n" + f.cluster() + "\n" + (f.node() == null ? "" : f.node());
      return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Lets Jackson close its generator without closing the caller's stream. */
  private static final class NonClosingStream extends java.io.FilterOutputStream {
    NonClosingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
