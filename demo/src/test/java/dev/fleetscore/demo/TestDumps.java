package dev.fleetscore.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads back what the generator wrote, the way an importer would. */
final class TestDumps {

  private TestDumps() {}

  /** A dump's file entries (directories left out) and the tar headers of every entry. */
  record Archive(Map<String, byte[]> files, List<TarArchiveEntry> headers) {
    String text(String path) {
      byte[] b = files.get(path);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** stat.txt as path to {mode, owner, group, size}. */
    Map<String, String[]> stat() {
      Map<String, String[]> m = new TreeMap<>();
      for (String line : text("stat.txt").split("\n")) {
        String[] p = line.split(" ", 5);
        m.put(p[4], new String[] {p[0], p[1], p[2], p[3]});
      }
      return m;
    }
  }

  static Archive read(Path tarGz) {
    Map<String, byte[]> files = new TreeMap<>();
    List<TarArchiveEntry> headers = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tarGz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        headers.add(e);
        if (!e.isDirectory()) {
          files.put(e.getName(), tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Archive(files, headers);
  }

  static JsonNode manifest(Path dir) {
    try {
      return new ObjectMapper().readTree(dir.resolve("fleet.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Manifest dump entries that carry {@code code}. */
  static List<JsonNode> dumpsWith(JsonNode manifest, Planted code) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode d : manifest.get("dumps")) {
      for (JsonNode p : d.get("planted")) {
        if (p.get("code").asText().equals(code.name())) {
          out.add(d);
          break;
        }
      }
    }
    return out;
  }

  /** The planted items of {@code code} in one manifest dump entry. */
  static List<JsonNode> items(JsonNode dump, Planted code) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dump.get("planted")) {
      if (p.get("code").asText().equals(code.name())) {
        out.add(p);
      }
    }
    return out;
  }
}
