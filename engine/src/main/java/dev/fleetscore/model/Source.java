package dev.fleetscore.model;

/** Where an effective value came from; written to effective_settings.source and findings.source. */
public enum Source {
  /** The v1beta1 default (kubelet with --config or --config-dir), or a component's flag default. */
  DEFAULT,
  /** The kubelet's legacy command-line default, in force because it runs without --config. */
  LEGACY_DEFAULT,
  /** The file named by --config. */
  CONFIG_FILE,
  /** A --config-dir drop-in. */
  DROP_IN,
  /** A flag present on the command line. */
  FLAG,
  /** The container command of a static pod manifest (when the process itself was not seen). */
  STATIC_POD_MANIFEST,
  /** A cloud API field (GKE NodeKubeletConfig, EKS access config). */
  CLOUD_API,
  /** No layer sets it and it has no default. */
  UNSET
}
