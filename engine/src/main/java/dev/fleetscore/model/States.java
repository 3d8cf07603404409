package dev.fleetscore.model;

/** The states of a finding and the severities, as written to findings.state and .severity. */
public final class States {

  private States() {}

  public static final String PASS = "PASS";
  public static final String FAIL = "FAIL";
  public static final String WARN = "WARN";
  public static final String MANUAL = "MANUAL";
  public static final String NOT_APPLICABLE = "NOT_APPLICABLE";
  public static final String NO_EVIDENCE = "NO_EVIDENCE";
  public static final String EXEMPT = "EXEMPT";

  public static final String CRITICAL = "CRITICAL";
  public static final String HIGH = "HIGH";
  public static final String MEDIUM = "MEDIUM";
  public static final String LOW = "LOW";
  public static final String INFO = "INFO";
}
