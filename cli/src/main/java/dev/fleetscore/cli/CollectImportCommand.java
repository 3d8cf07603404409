package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Import node dumps (directories or .tar.gz) into the raw tables. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import node dumps (directories or .tar.gz) into the raw tables.")
final class CollectImportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("collect import", 3);
  }
}
