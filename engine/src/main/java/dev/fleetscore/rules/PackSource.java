package dev.fleetscore.rules;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bytes of one rule pack as read (its {@code pack.yaml} and rule files), before compiling. The
 * engine keeps these, not the compiled form, when it is serialized, and compiles again on the other
 * side, so a pack is identical wherever it runs.
 *
 * @param origin where it was read from, e.g. {@code classpath:rules/cis-kubernetes} or a directory
 * @param files file name to content, including {@code pack.yaml}
 */
public record PackSource(String origin, SortedMap<String, byte[]> files) implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String PACK_FILE = "pack.yaml";

  public PackSource {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** The name a message uses for one of the files: {@code origin/file}. */
  String display(String file) {
    return origin + "/" + file;
  }

  /**
   * SHA-256 over every file's name and content in name order, lowercase hex: the content part of
   * the pack version, so any edit to any file of the pack changes it.
   */
  String contentHash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        md.update(lengthOf(name.length));
        md.update(name);
        md.update(lengthOf(e.getValue().length));
        md.update(e.getValue());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] lengthOf(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }
}
