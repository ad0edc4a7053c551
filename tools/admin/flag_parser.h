// A tiny command-line flag parser for opendata-admin: "--name value", "--
// name=value" and value-less switches.
// Thread-safety: pure function; safe to call concurrently.
#ifndef OPENDATA_TOOLS_ADMIN_FLAG_PARSER_H_
#define OPENDATA_TOOLS_ADMIN_FLAG_PARSER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata::admin {

struct FlagSpec {
  absl::string_view name;  // Without the leading "--".
  bool takes_value;        // false: a switch, present or absent.
};

// Flag name (without "--") to value; a switch that is present maps to "".
using FlagValues = std::map<std::string, std::string, std::less<>>;

// Parses args (the words after the subcommand). InvalidArgumentError, with a
// message meant for the user, on an unknown flag, a flag given twice, a missing
// value, a value given to a switch, or a positional argument.
absl::StatusOr<FlagValues> ParseFlags(const std::vector<std::string>& args,
                                      const std::vector<FlagSpec>& specs);

}  // namespace opendata::admin

#endif  // OPENDATA_TOOLS_ADMIN_FLAG_PARSER_H_
