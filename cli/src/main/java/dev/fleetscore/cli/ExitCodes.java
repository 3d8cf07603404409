package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;

/** The documented exit codes of {@code fleetscore} (also listed in the README and in --help). */
public final class ExitCodes {

  private ExitCodes() {}

  /** Success. */
  public static final int OK = 0;

  /** The run worked and found failing controls above the --fail-on threshold. */
  public static final int FINDINGS = 1;

  /** Bad command-line usage (unknown option, missing argument). */
  public static final int USAGE = 2;

  /** Bad input: a missing file, an unreadable warehouse, malformed rules or exemptions. */
  public static final int INPUT = UserError.INPUT;

  /** A data-quality gate failed, e.g. more quarantined than --max-quarantine-ratio allows. */
  public static final int QUALITY_GATE = UserError.QUALITY_GATE;

  /** A verification failed, e.g. a tampered evidence bundle. */
  public static final int VERIFICATION = UserError.VERIFICATION;

  /**
   * {@code evidence verify} without {@code --trusted-cert}: the bundle is intact and consistent,
   * but nothing says who signed it, so it is not verified.
   */
  public static final int UNPINNED = 6;

  /** An internal error: a bug. Re-run with --verbose and report the stack trace. */
  public static final int INTERNAL = 70;

  /** The text of the "Exit codes" section of --help. */
  static final String[] HELP = {
    "0   success",
    "1   findings failed the --fail-on threshold",
    "2   bad command-line usage",
    "3   bad input (missing file, unusable path, malformed rules, empty warehouse)",
    "4   data-quality gate failed (e.g. --max-quarantine-ratio)",
    "5   verification failed (e.g. tampered evidence bundle)",
    "6   evidence bundle intact but its signer not pinned (verify without --trusted-cert)",
    "70  internal error (a bug; re-run with --verbose)",
  };
}
