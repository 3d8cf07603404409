package dev.fleetscore.rules;

/**
 * The result of one test or check tree before it becomes a finding state: PASS, FAIL, UNKNOWN
 * (missing or unusable evidence, which becomes NO_EVIDENCE) or NA (nothing the test applies to,
 * which becomes NOT_APPLICABLE). Composites combine them in Kleene fashion: an unknown part never
 * turns into a pass.
 */
enum Tri {
  PASS,
  FAIL,
  UNKNOWN,
  NA
}
