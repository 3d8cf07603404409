package dev.fleetscore.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, stamped into every row's producer_version. */
public final class FleetscoreVersion {

  public static final String VERSION = load();

  private FleetscoreVersion() {}

  /** {@code fleetscore-<component>/<version>}, the producer_version of rows a component writes. */
  public static String producer(String component) {
    return "fleetscore-" + component + "/" + VERSION;
  }

  private static String load() {
    try (InputStream in = FleetscoreVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from fleetscore-schemas");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
