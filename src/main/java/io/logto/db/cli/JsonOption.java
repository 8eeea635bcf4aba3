package io.logto.db.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on stdout (shape in docs/json.md); human text goes to stderr. */
public final class JsonOption {
  @Option(names = "--json", description = "Print one JSON document on stdout (see docs/json.md);"
      + " human-readable lines go to stderr.")
  boolean json;
}
