package dev.fleetscore.schema.io;

import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What one run writes, and so what only one run at a time may write: a kind of run ({@code score},
 * {@code import}, {@code cloud}), a snapshot date and, for runs that share a date side by side, a
 * label (an import's {@code --label}, a cloud file's name). It names the run's lock ({@link
 * RunLock}), its completion record ({@link RunRecord}) and its staging folders.
 *
 * @param kind score, import or cloud
 * @param date the snapshot date
 * @param label null for a run that owns its tables' whole partition
 */
public record RunScope(String kind, LocalDate date, String label) {

  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  /** Staging folders of versions that did not name their scope: no live run makes them now. */
  private static final Pattern UNSCOPED =
      Pattern.compile("\\.staging-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public static RunScope score(LocalDate date) {
    return new RunScope("score", date, null);
  }

  public static RunScope importRun(LocalDate date, String label) {
    return new RunScope("import", date, label);
  }

  public static RunScope cloud(LocalDate date, String name) {
    return new RunScope("cloud", date, name);
  }

  /** {@code score}, {@code import-<label>}: the record's file name without {@code .json}. */
  public String name() {
    return label == null ? kind : kind + "-" + label;
  }

  /** File name of the lock under {@code _locks/}. */
  public String lockName() {
    return kind + "-" + date + (label == null ? "" : "-" + label) + ".lock";
  }

  /** A new staging folder name for one run of this scope (hidden from readers). */
  public String newStagingName() {
    return stagingPrefix() + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Whether {@code folder} is a staging folder of a run of this scope, or of a version that did not
   * name scopes; under this scope's lock, such a folder belongs to a dead run.
   */
  public boolean ownsStaging(String folder) {
    String p = stagingPrefix();
    return (folder.startsWith(p) && HEX32.matcher(folder.substring(p.length())).matches())
        || UNSCOPED.matcher(folder).matches();
  }

  private String stagingPrefix() {
    return ".staging-" + kind + "-" + date + "-" + (label == null ? "" : label + "-");
  }

  @Override
  public String toString() {
    return kind + " of " + date + (label == null ? "" : " (" + label + ")");
  }
}
