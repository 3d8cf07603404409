package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;

/** Thrown by a subcommand whose capability is not built yet: no fake output, a plain message. */
final class NotBuiltYet extends UserError {

  private static final long serialVersionUID = 1L;

  NotBuiltYet(String command, int issue) {
    super(
        ExitCodes.NOT_BUILT,
        "'" + command + "' is not built yet (issue #" + issue + "); nothing was read or written",
        null);
  }
}
