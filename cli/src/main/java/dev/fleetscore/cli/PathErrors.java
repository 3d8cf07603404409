package dev.fleetscore.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Recognises a file-system failure (permission denied, no such file, not a directory, read-only) on
 * a path the user named on the command line, or below it, so the entry point reports it as bad
 * input (exit 3) with the path instead of as a bug. A failure on any other path stays a bug.
 */
final class PathErrors {

  private PathErrors() {}

  /** An argument naming a path, as the user wrote it. */
  private record Given(String label, Path path) {}

  /** The one-line message for {@code ex}, when it is a failure on a path the user gave. */
  static Optional<String> describe(Throwable ex, ParseResult parsed) {
    FileSystemException fse = null;
    for (Throwable t = ex; t != null && fse == null; t = t.getCause()) {
      if (t instanceof FileSystemException f && f.getFile() != null) {
        fse = f;
      }
    }
    if (fse == null) {
      return describeByMessage(ex, parsed);
    }
    Path failed = absolute(fse.getFile());
    if (failed == null) {
      return Optional.empty();
    }
    for (Given g : given(parsed)) {
      if (failed.startsWith(g.path())) {
        return Optional.of("cannot use " + fse.getFile() + " (" + g.label() + "): " + reason(fse));
      }
    }
    return Optional.empty();
  }

  /**
   * Libraries that report a failed write as a plain IOException (Beam's local file system, Hadoop)
   * name the file only in the message: a given path in that message counts when the path cannot be
   * used, judged by its nearest existing ancestor.
   */
  private static Optional<String> describeByMessage(Throwable ex, ParseResult parsed) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (!(t instanceof IOException) || t.getMessage() == null) {
        continue;
      }
      for (Given g : given(parsed)) {
        if (!t.getMessage().contains(g.path().toString())) {
          continue;
        }
        Path p = g.path();
        while (p != null && !Files.exists(p)) {
          p = p.getParent();
        }
        String why = null;
        if (p == null) {
          why = "no such file or folder";
        } else if (!p.equals(g.path()) && !Files.isDirectory(p)) {
          why = p + " is not a directory";
        } else if (!Files.isReadable(p) || (Files.isDirectory(p) && !Files.isWritable(p))) {
          why = p + ": permission denied";
        }
        if (why != null) {
          return Optional.of(
              "cannot use "
                  + g.path()
                  + " ("
                  + g.label()
                  + "): "
                  + why
                  + " ("
                  + t.getMessage()
                  + ")");
        }
      }
    }
    return Optional.empty();
  }

  private static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    return e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
  }

  /** The values of the options and parameters of the command that ran and of its parents. */
  private static List<Given> given(ParseResult parsed) {
    List<Given> out = new ArrayList<>();
    for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
      List<ArgSpec> args = new ArrayList<>(pr.commandSpec().options());
      args.addAll(pr.commandSpec().positionalParameters());
      for (ArgSpec a : args) {
        Object v = a.getValue();
        String label =
            a instanceof OptionSpec o ? o.longestName() : a.paramLabel() + " (a parameter)";
        if (v instanceof Collection<?> c) {
          c.forEach(x -> add(out, label, x));
        } else {
          add(out, label, v);
        }
      }
    }
    return out;
  }

  private static void add(List<Given> out, String label, Object value) {
    if (value instanceof Path || value instanceof String) {
      Path p = absolute(value.toString());
      if (p != null && !value.toString().isEmpty()) {
        out.add(new Given(label + " " + value, p));
      }
    }
  }

  private static Path absolute(String s) {
    try {
      return Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
