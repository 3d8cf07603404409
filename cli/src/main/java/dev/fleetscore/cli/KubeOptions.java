package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** A kubeconfig and the contexts to read, each with the cluster id its rows carry. */
final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig for reading the Kubernetes API live (exec plugins work).")
  Path kubeconfig;

  @Option(
      names = "--context",
      arity = "1..*",
      converter = OptionValues.ContextMapping.class,
      paramLabel = "NAME=CLUSTER_ID",
      description =
          "A kubeconfig context and the cluster id its rows carry (the id node dumps use), e.g."
              + " prod=eks:111122223333/eu-west-1/prod. Repeatable.")
  List<String> contexts = new java.util.ArrayList<>();

  Map<String, String> contexts() {
    if (contexts.isEmpty()) {
      throw new UserError("--kubeconfig needs at least one --context NAME=CLUSTER_ID");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : contexts) {
      int eq = c.indexOf('=');
      if (eq <= 0 || eq == c.length() - 1) {
        throw new UserError("--context must be NAME=CLUSTER_ID, not '" + c + "'");
      }
      out.put(c.substring(0, eq), c.substring(eq + 1));
    }
    return out;
  }
}
