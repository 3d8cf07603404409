package dev.fleetscore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash (and zsh) completion script of every command, made by picocli's generator. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print the bash/zsh completion script of fleetscore.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(fleetscore completion)                   # this shell",
      "  fleetscore completion > ~/.fleetscore-completion  # then, in ~/.bashrc:",
      "  . ~/.fleetscore-completion",
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash("fleetscore", spec.root().commandLine()));
    out.flush();
    return ExitCodes.OK;
  }
}
