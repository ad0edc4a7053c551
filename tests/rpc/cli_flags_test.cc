// Tests of opendata-rpc's Go-style flag parsing.
// Thread-safety: single-threaded tests.
#include "tools/rpc/cli_flags.h"

#include <catch2/catch.hpp>

namespace opendata::rpc {
namespace {

TEST_CASE("Flags take one or two dashes and '=' or separate values",
          "[rpc][flags]") {
  absl::StatusOr<CliOptions> options = ParseCommandLine(
      {"-plaintext", "-H", "authorization: Bearer t", "--H=x-a: 1", "-d", "{}",
       "--max-time=2.5", "-max-msg-sz", "1024", "-emit-defaults=true",
       "-keep-proto-names=false", "localhost:1", "list", "svc"});
  REQUIRE(options.ok());
  CHECK(options->plaintext);
  CHECK(options->headers ==
        std::vector<std::string>{"authorization: Bearer t", "x-a: 1"});
  CHECK(options->data == std::optional<std::string>("{}"));
  CHECK(options->max_time == 2.5);
  CHECK(options->max_msg_sz == 1024);
  CHECK(options->emit_defaults);
  CHECK_FALSE(options->keep_proto_names);
  CHECK(options->format == "json");
  CHECK(options->positional ==
        std::vector<std::string>{"localhost:1", "list", "svc"});
}

TEST_CASE("Parsing stops at the first positional argument or '--'",
          "[rpc][flags]") {
  absl::StatusOr<CliOptions> options =
      ParseCommandLine({"-plaintext", "host:1", "-d", "{}"});
  REQUIRE(options.ok());
  CHECK_FALSE(options->data.has_value());
  CHECK(options->positional == std::vector<std::string>{"host:1", "-d", "{}"});

  absl::StatusOr<CliOptions> dashes = ParseCommandLine({"--", "-plaintext"});
  REQUIRE(dashes.ok());
  CHECK_FALSE(dashes->plaintext);
  CHECK(dashes->positional == std::vector<std::string>{"-plaintext"});

  absl::StatusOr<CliOptions> single_dash = ParseCommandLine({"-", "x"});
  REQUIRE(single_dash.ok());
  CHECK(single_dash->positional == std::vector<std::string>{"-", "x"});
}

TEST_CASE("-h and -help ask for usage", "[rpc][flags]") {
  CHECK(ParseCommandLine({"-h"})->help);
  CHECK(ParseCommandLine({"--help"})->help);
  const std::string usage = Usage("opendata-rpc");
  CHECK_THAT(usage, Catch::StartsWith("Usage:\n\topendata-rpc [flags] address "
                                      "[list|describe] [symbol]\n"));
  CHECK_THAT(usage, Catch::Contains("\n  -plaintext\n    \t"));
  CHECK_THAT(usage, Catch::Contains("\n  -max-time value\n    \t"));
  CHECK_THAT(usage, Catch::Contains("\n  -H value\n    \t"));
}

TEST_CASE("Flag errors use Go's wording", "[rpc][flags]") {
  CHECK(ParseCommandLine({"-bogus"}).status().message() ==
        "flag provided but not defined: -bogus");
  CHECK(ParseCommandLine({"-d"}).status().message() ==
        "flag needs an argument: -d");
  CHECK(ParseCommandLine({"---x"}).status().message() ==
        "bad flag syntax: ---x");
  CHECK(ParseCommandLine({"-plaintext=maybe"}).status().message() ==
        "invalid boolean value \"maybe\" for -plaintext: parse error");
  CHECK(ParseCommandLine({"-max-time", "soon"}).status().message() ==
        "invalid value \"soon\" for flag -max-time: parse error");
}

}  // namespace
}  // namespace opendata::rpc
