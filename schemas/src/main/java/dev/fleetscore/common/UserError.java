package dev.fleetscore.common;

/**
 * A problem with what the user asked for or gave us (a missing file, a malformed option, a
 * warehouse with no snapshot for a date), as opposed to a bug. The CLI prints its message as one
 * line and exits with {@link #exitCode()}; the stack trace only with {@code --verbose}.
 */
public class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit code for bad command-line usage found only once the data is in view (as picocli's). */
  public static final int USAGE = 2;

  /** Exit code for bad input data or arguments the parser could not catch. */
  public static final int INPUT = 3;

  /** Exit code for a data-quality gate that failed (e.g. too much quarantined). */
  public static final int QUALITY_GATE = 4;

  /** Exit code for a verification that failed (e.g. a tampered evidence bundle). */
  public static final int VERIFICATION = 5;

  private final int exitCode;

  public UserError(String message) {
    this(INPUT, message, null);
  }

  public UserError(String message, Throwable cause) {
    this(INPUT, message, cause);
  }

  public UserError(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
