package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every numeric option of every command rejects NaN, infinity and out-of-range values. */
class NumericOptionsTest {

  /** A numeric option and the subcommand path that reaches it. */
  record Numeric(List<String> path, OptionSpec option) {
    @Override
    public String toString() {
      return String.join(" ", path) + " " + option.longestName();
    }
  }

  static List<Numeric> numericOptions() {
    Map<String, Numeric> out = new LinkedHashMap<>();
    collect(FleetscoreCommand.newCommandLine(), new ArrayList<>(), out);
    return new ArrayList<>(out.values());
  }

  private static void collect(CommandLine cl, List<String> path, Map<String, Numeric> out) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (isNumeric(o)) {
        Numeric n = new Numeric(List.copyOf(path), o);
        out.putIfAbsent(n.toString(), n);
      }
    }
    for (ArgSpec p : cl.getCommandSpec().positionalParameters()) {
      assertFalse(isNumeric(p), cl.getCommandName() + " has a numeric positional parameter");
    }
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> p = new ArrayList<>(path);
              p.add(name);
              collect(sub, p, out);
            });
  }

  private static boolean isNumeric(ArgSpec a) {
    List<Class<?>> types = new ArrayList<>(Arrays.asList(a.auxiliaryTypes()));
    types.add(a.type());
    return types.stream()
        .anyMatch(
            t ->
                Number.class.isAssignableFrom(t)
                    || (t.isPrimitive() && t != boolean.class && t != char.class));
  }

  @Test
  void everyNumericOptionHasARange() {
    List<Numeric> all = numericOptions();
    // The enumeration itself must see the options the issue named.
    for (String expected :
        List.of(
            "score --max-quarantine-ratio",
            "collect import --threads",
            "collect import --max-file-mb",
            "collect node --max-file-mb",
            "evidence keygen --days",
            "report --nodes-per-control")) {
      assertTrue(
          all.stream().anyMatch(n -> n.toString().equals(expected)), expected + " in " + all);
    }
    for (Numeric n : all) {
      CommandLine.ITypeConverter<?>[] c = n.option().converters();
      assertEquals(1, c.length, n + " has no NumericRange converter");
      assertInstanceOf(NumericRange.class, c[0], n + " has no NumericRange converter");
    }
  }

  @Test
  void outOfRangeValuesAreUsageErrorsNamingTheOption() {
    for (Numeric n : numericOptions()) {
      NumericRange<?> range = (NumericRange<?>) n.option().converters()[0];
      List<String> bad = new ArrayList<>(List.of("NaN", "Infinity", "-Infinity", "1e400", "x"));
      if (range.min.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) > 0) {
        bad.add(range.min.subtract(BigDecimal.ONE).toPlainString());
        bad.add("-1");
      }
      if (range.max.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
        bad.add(range.max.add(BigDecimal.ONE).toPlainString());
      }
      bad.add("99999999999999999999");
      for (String v : bad) {
        if (v.equals("-1") && range.min.signum() < 0) {
          continue;
        }
        try {
          parse(n, v);
          fail(n + " accepted '" + v + "'");
        } catch (CommandLine.MissingParameterException e) {
          fail(n + " accepted '" + v + "' (" + e.getMessage() + ")");
        } catch (CommandLine.ParameterException e) {
          assertTrue(e.getMessage().contains(n.option().longestName()), e.getMessage());
        }
      }
    }
  }

  @Test
  void theEndsOfEachRangeAndTheDefaultsAreAccepted() {
    for (Numeric n : numericOptions()) {
      NumericRange<?> range = (NumericRange<?>) n.option().converters()[0];
      List<String> good = new ArrayList<>(List.of(range.min.toPlainString()));
      good.add(range.max.toPlainString());
      if (n.option().defaultValue() != null) {
        good.add(n.option().defaultValue());
      }
      for (String v : good) {
        try {
          parse(n, v);
        } catch (CommandLine.MissingParameterException e) {
          // The value was taken; only the command's other required options are missing.
        } catch (CommandLine.ParameterException e) {
          fail(n + " refused '" + v + "': " + e.getMessage());
        }
      }
    }
  }

  private static void parse(Numeric n, String value) {
    List<String> args = new ArrayList<>(n.path());
    args.add(n.option().longestName() + "=" + value);
    FleetscoreCommand.newCommandLine().parseArgs(args.toArray(String[]::new));
  }

  @Test
  void theIssueExamplesExitTwoBeforeAnyWork(@TempDir Path tmp) throws Exception {
    Path wh = tmp.resolve("wh");
    Path dumps = Files.createDirectories(tmp.resolve("dumps"));
    String[][] cases = {
      {"score", "--warehouse", wh.toString(), "--date", "2026-11-22"},
      {"collect", "import", dumps.toString(), "--warehouse", wh.toString(), "--date", "2026-11-22"},
      {"collect", "import", dumps.toString(), "--warehouse", wh.toString(), "--date", "2026-11-22"},
    };
    String[][] extra = {
      {"--max-quarantine-ratio", "NaN"}, {"--threads", "-3"}, {"--max-file-mb", "-1"},
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of(cases[i]));
      args.addAll(List.of(extra[i]));
      FleetscoreCommandTest.Run r = FleetscoreCommandTest.run(args.toArray(String[]::new));
      assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err());
      assertTrue(r.err().contains(extra[i][0]), r.err());
      assertFalse(Files.exists(wh), args + " started work");
    }
  }
}
