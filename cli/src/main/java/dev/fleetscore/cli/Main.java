package dev.fleetscore.cli;

/** Entry point of the {@code fleetscore} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(FleetscoreCommand.run(args));
  }
}
