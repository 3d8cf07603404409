package dev.fleetscore.schema.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds a run id from what determines a run's output (producer version, the inputs' content,
 * settings), never from the runner, the clock or the process: two runs with the same inputs get the
 * same id, so they still write byte-identical files, and files of runs with different inputs never
 * share an id. SHA-256 over length-prefixed parts, shortened to 32 hex digits.
 */
public final class ContentId {

  private final MessageDigest md;

  private ContentId(String kind) {
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    add(kind);
  }

  /** Starts the id of a run of {@code kind} (score, import, cloud). */
  public static ContentId of(String kind) {
    return new ContentId(kind);
  }

  public ContentId add(String part) {
    if (part == null) {
      md.update((byte) 0);
      return this;
    }
    byte[] b = part.getBytes(StandardCharsets.UTF_8);
    md.update((byte) 1);
    add(b.length);
    md.update(b);
    return this;
  }

  public ContentId add(long v) {
    for (int i = 7; i >= 0; i--) {
      md.update((byte) (v >>> (8 * i)));
    }
    return this;
  }

  public ContentId add(byte[] bytes) {
    md.update((byte) 2);
    add(bytes.length);
    md.update(bytes);
    return this;
  }

  /** Adds the SHA-256 of everything {@code in} holds, reading it to the end and closing it. */
  public ContentId addContent(InputStream in) throws IOException {
    MessageDigest inner;
    try {
      inner = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (DigestInputStream d = new DigestInputStream(in, inner)) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return add(inner.digest());
  }

  public String id() {
    return HexFormat.of().formatHex(md.digest(), 0, 16);
  }
}
