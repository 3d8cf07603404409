package dev.fleetscore.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds NodeEvidence the way the importer would, from literal ps lines, YAML and JSON. */
final class Fixtures {

  static final LocalDate DATE = LocalDate.of(2026, 11, 21);
  static final Instant AT = Instant.parse("2026-11-21T03:00:00Z");
  static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  static final YAMLMapper YAML = new YAMLMapper();

  private Fixtures() {}

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/EvidenceNormalizerTest/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** YAML or JSON text to the canonical JSON the importer stores in content_json. */
  static String canonical(String text) {
    try {
      JsonNode n = YAML.readTree(text);
      return JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ps-style line (backslash continuations, comment lines) split on white space: lossy. */
  static List<String> psSplit(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      String l = line.endsWith("\\") ? line.substring(0, line.length() - 1) : line;
      sb.append(l).append(' ');
    }
    List<String> all = new ArrayList<>(Arrays.asList(sb.toString().trim().split("\\s+")));
    all.remove(0);
    return all;
  }

  static Builder node(String provider) {
    return new Builder(provider);
  }

  static final class Builder {
    final String cluster;
    final String node = "node-1";
    final NodeDumpRow.Builder dump;
    final List<ProcessRow> processes = new ArrayList<>();
    final List<ConfigFileRow> configs = new ArrayList<>();
    final List<FileStatRow> stats = new ArrayList<>();
    final List<CertificateRow> certs = new ArrayList<>();

    Builder(String provider) {
      this.cluster = provider + ":test";
      this.dump =
          NodeDumpRow.newBuilder()
              .setSnapshotId("2026-11-21")
              .setSnapshotDate(DATE)
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(AT)
              .setProducerVersion("fleetscore-collectors/test")
              .setDumpId("d-" + provider)
              .setSource(provider + ".tar.gz")
              .setStatus("ACCEPTED")
              .setProvider(provider)
              .setMeta(Map.of())
              .setFilesCount(1)
              .setBytesTotal(1)
              .setErrorsCount(0);
    }

    Builder pool(String pool) {
      dump.setNodePool(pool);
      return this;
    }

    Builder kubeletVersion(String v) {
      dump.setKubeletVersion(v);
      return this;
    }

    Builder process(String component, String argvSource, List<String> argv) {
      boolean lossy = !argvSource.equals("CMDLINE") && !argvSource.equals("STATIC_POD_MANIFEST");
      processes.add(
          ProcessRow.newBuilder()
              .setSnapshotId("2026-11-21")
              .setSnapshotDate(DATE)
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(AT)
              .setProducerVersion("fleetscore-collectors/test")
              .setDumpId(dump.getDumpId())
              .setComponent(component)
              .setPid(argvSource.equals("K3S_JOURNAL") ? null : 1000 + processes.size())
              .setExecutable(component)
              .setArgv(argv)
              .setArgvSource(argvSource)
              .setLossy(lossy)
              .setSourcePath(
                  argvSource.equals("CMDLINE") ? "cmdline/" + (1000 + processes.size()) : "ps.txt")
              .setLineNumber(lossy ? 1 : null)
              .build());
      return this;
    }

    Builder kubeletCmdline(String... argv) {
      return process("kubelet", "CMDLINE", List.of(argv));
    }

    Builder kubeletPs(String text) {
      return process("kubelet", "PS_EF", psSplit(text));
    }

    Builder config(String path, String kind, String text) {
      return config(
          path, kind, text.trim().startsWith("{") ? "JSON" : "YAML", canonical(text), null);
    }

    Builder config(String path, String kind, String format, String contentJson, String parseError) {
      configs.add(
          ConfigFileRow.newBuilder()
              .setSnapshotId("2026-11-21")
              .setSnapshotDate(DATE)
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(AT)
              .setProducerVersion("fleetscore-collectors/test")
              .setDumpId(dump.getDumpId())
              .setPath(path)
              .setKind(kind)
              .setFormat(format)
              .setReferencedBy(List.of())
              .setSizeBytes(100)
              .setSha256("00")
              .setContentJson(contentJson)
              .setParseError(parseError)
              .setRedactions(0)
              .build());
      return this;
    }

    Builder stat(String path, String mode) {
      stats.add(
          FileStatRow.newBuilder()
              .setSnapshotId("2026-11-21")
              .setSnapshotDate(DATE)
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(AT)
              .setProducerVersion("fleetscore-collectors/test")
              .setDumpId(dump.getDumpId())
              .setPath(path)
              .setMode(mode)
              .setOwner("root")
              .setGroup("root")
              .setSizeBytes(1L)
              .build());
      return this;
    }

    NodeEvidence build() {
      configs.sort((a, b) -> a.getPath().compareTo(b.getPath()));
      stats.sort((a, b) -> a.getPath().compareTo(b.getPath()));
      return NodeEvidence.newBuilder()
          .setDump(dump.build())
          .setProcesses(processes)
          .setConfigFiles(configs)
          .setCertificates(certs)
          .setFileStats(stats)
          .setCollectionErrors(new ArrayList<CollectionErrorRow>())
          .build();
    }
  }
}
