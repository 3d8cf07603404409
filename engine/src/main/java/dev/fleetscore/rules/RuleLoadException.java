package dev.fleetscore.rules;

import dev.fleetscore.common.UserError;

/**
 * A rule pack, fixture or exemptions file that cannot be loaded. The message starts with {@code
 * file:line:column} and says what is wrong; the CLI prints it as one line with the input exit code.
 */
public final class RuleLoadException extends UserError {

  private static final long serialVersionUID = 1L;

  public RuleLoadException(String message) {
    super(message);
  }

  public RuleLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
