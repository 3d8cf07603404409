package dev.fleetscore.rules;

import java.util.ArrayList;
import java.util.List;

/** A tri-state result with the observations that decided it, in evaluation order. */
final class Outcome {

  final Tri tri;
  final List<Observation> observations;

  Outcome(Tri tri, List<Observation> observations) {
    this.tri = tri;
    this.observations = observations;
  }

  static Outcome of(Tri tri, Observation o) {
    List<Observation> l = new ArrayList<>(1);
    l.add(o);
    return new Outcome(tri, l);
  }

  /** An outcome with only a sentence, for missing subjects ("kube-apiserver is not running"). */
  static Outcome missing(Tri tri, String label, String sentence) {
    return of(tri, new Observation(label, null, null, null, null, sentence));
  }

  /**
   * A missing subject with the cause of the missing evidence (used when {@code tri} is UNKNOWN).
   */
  static Outcome missing(Tri tri, String label, String sentence, Cause cause) {
    return of(tri, new Observation(label, null, null, null, null, sentence, cause, false, false));
  }
}
