package dev.fleetscore.normalize;

/**
 * A value the component itself would refuse (a flag the kubelet would exit on, a config field it
 * cannot decode). The message says why, in the component's own terms where possible.
 */
public final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadValueException(String message) {
    super(message);
  }
}
