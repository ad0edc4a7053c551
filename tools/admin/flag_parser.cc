// A tiny command-line flag parser for opendata-admin (see flag_parser.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/admin/flag_parser.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opendata::admin {

absl::StatusOr<FlagValues> ParseFlags(const std::vector<std::string>& args,
                                      const std::vector<FlagSpec>& specs) {
  FlagValues values;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view word = args[i];
    if (!absl::StartsWith(word, "--") || word.size() == 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", word, "'"));
    }
    word.remove_prefix(2);
    std::optional<std::string> inline_value;
    if (size_t equals = word.find('='); equals != absl::string_view::npos) {
      inline_value = std::string(word.substr(equals + 1));
      word = word.substr(0, equals);
    }
    const auto spec =
        std::find_if(specs.begin(), specs.end(),
                     [word](const FlagSpec& s) { return s.name == word; });
    if (spec == specs.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", word));
    }
    if (values.find(word) != values.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", word, " is given more than once"));
    }
    if (!spec->takes_value) {
      if (inline_value.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", word, " takes no value"));
      }
      values.emplace(word, "");
      continue;
    }
    if (!inline_value.has_value()) {
      // "--role --org x" is a forgotten value; "--role=--x" still passes such a
      // value on purpose.
      if (i + 1 == args.size() || absl::StartsWith(args[i + 1], "--")) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", word, " needs a value"));
      }
      inline_value = args[++i];
    }
    values.emplace(word, *std::move(inline_value));
  }
  return values;
}

}  // namespace opendata::admin
