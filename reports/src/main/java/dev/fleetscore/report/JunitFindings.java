package dev.fleetscore.report;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.CiFindings.Finding;
import dev.fleetscore.report.CiFindings.Rule;
import dev.fleetscore.schema.States;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Findings as JUnit XML, the common shape Jenkins, GitLab and the GitHub JUnit actions read: a
 * {@code <testsuites>} root, one {@code <testsuite>} per cluster (name = cluster id), one {@code
 * <testcase>} per rule and node with {@code classname} = cluster id and {@code name} = {@code
 * "<rule id> <title> [<node>]"} ({@code [cluster]} for cluster rules), so names are unique within a
 * suite (GitLab keeps only the first of equal names) and never split at dots (classname is always
 * set). FAIL is a {@code <failure>} whose {@code message} is the reason and whose {@code type} is
 * the severity, its text actual, expected, source and remediation; WARN, MANUAL, NO_EVIDENCE,
 * EXEMPT and NOT_APPLICABLE are {@code <skipped message="STATE: reason">} (a CI run fails on
 * failures only, as kube-bench's JUnit does); PASS has no child. Every time is 0 and no timestamp
 * is written, so the file is deterministic. Characters XML 1.0 cannot hold become U+FFFD.
 */
final class JunitFindings {

  private JunitFindings() {}

  static void write(LocalDate date, List<Finding> rows, Map<String, Rule> rules, OutputStream out) {
    TreeMap<String, List<Finding>> byCluster = new TreeMap<>();
    for (Finding f : rows) {
      byCluster.computeIfAbsent(f.cluster(), k -> new ArrayList<>()).add(f);
    }
    Comparator<Finding> order =
        Comparator.comparing(Finding::node, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::ruleId, NaturalOrder.INSTANCE);
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "fleetscore " + date);
      counts(x, rows);
      for (Map.Entry<String, List<Finding>> c : byCluster.entrySet()) {
        List<Finding> cases = c.getValue();
        cases.sort(order);
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", clean(c.getKey()));
        counts(x, cases);
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", "snapshot_date");
        x.writeAttribute("value", date.toString());
        x.writeCharacters("\n    ");
        x.writeEndElement();
        for (Finding f : cases) {
          testcase(x, f, CiFindings.rule(f, rules));
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
      }
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
      x.close();
      out.flush();
    } catch (XMLStreamException | java.io.IOException e) {
      throw new IllegalStateException("cannot write JUnit XML", e);
    }
  }

  private static void counts(XMLStreamWriter x, List<Finding> cases) throws XMLStreamException {
    long failures = cases.stream().filter(f -> States.FAIL.equals(f.state())).count();
    long skipped =
        cases.stream()
            .filter(f -> !States.FAIL.equals(f.state()) && !States.PASS.equals(f.state()))
            .count();
    x.writeAttribute("tests", Long.toString(cases.size()));
    x.writeAttribute("failures", Long.toString(failures));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", Long.toString(skipped));
    x.writeAttribute("time", "0");
  }

  static String caseName(Finding f) {
    return f.ruleId() + " " + f.title() + " [" + (f.node() == null ? "cluster" : f.node()) + "]";
  }

  private static void testcase(XMLStreamWriter x, Finding f, Rule rule) throws XMLStreamException {
    x.writeCharacters("\n    ");
    boolean pass = States.PASS.equals(f.state());
    if (pass) {
      x.writeEmptyElement("testcase");
    } else {
      x.writeStartElement("testcase");
    }
    x.writeAttribute("classname", clean(f.cluster()));
    x.writeAttribute("name", clean(caseName(f)));
    x.writeAttribute("time", "0");
    if (pass) {
      return;
    }
    x.writeCharacters("\n      ");
    if (States.FAIL.equals(f.state())) {
      x.writeStartElement("failure");
      x.writeAttribute("message", clean(f.reason()));
      x.writeAttribute("type", f.severity());
      x.writeCharacters(clean(detail(f, rule)));
    } else {
      x.writeStartElement("skipped");
      x.writeAttribute("message", clean(f.state() + ": " + f.reason()));
    }
    x.writeEndElement();
    x.writeCharacters("\n    ");
    x.writeEndElement();
  }

  private static String detail(Finding f, Rule rule) {
    StringBuilder b = new StringBuilder();
    b.append("severity: ").append(f.severity()).append('\n');
    b.append("where: ")
        .append(f.node() == null ? "cluster " : "node " + f.node() + " of cluster ")
        .append(f.cluster())
        .append('\n');
    if (f.setting() != null) {
      b.append("setting: ").append(f.setting()).append('\n');
    }
    b.append("actual: ").append(f.actual() == null ? "(none)" : f.actual()).append('\n');
    b.append("expected: ").append(f.expected()).append('\n');
    if (f.source() != null) {
      b.append("source: ")
          .append(f.source())
          .append(f.origin() == null ? "" : " " + f.origin())
          .append('\n');
    }
    if (f.evidence() != null) {
      b.append("evidence: ").append(f.evidence()).append('\n');
    }
    if (!f.frameworkIds().isEmpty()) {
      b.append("controls: ").append(String.join(", ", f.frameworkIds())).append('\n');
    }
    b.append("remediation: ").append(CiFindings.remediation(rule)).append('\n');
    return b.toString();
  }

  /** Text with every character XML 1.0 cannot carry replaced by U+FFFD. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean ok =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF);
      if (!ok && b == null) {
        b = new StringBuilder(s.substring(0, i));
      }
      if (b != null) {
        if (ok) {
          b.appendCodePoint(c);
        } else {
          b.append('\uFFFD');
        }
      }
      i += Character.charCount(c);
    }
    return b == null ? s : b.toString();
  }
}
