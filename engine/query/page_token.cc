// Implementation of page_token.h: base64url("v1" 0x1f hex(sha256(filter))[0:16]
// 0x1f last_key).
#include "engine/query/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "engine/query/catalog_queries.h"

namespace opendata {
namespace {

std::string FilterTag(absl::string_view filter) {
  return ToHex(Sha256(filter)).substr(0, 16);
}

absl::Status BadToken() {
  return InvalidArgument(
      "PAGE_TOKEN_INVALID",
      {{"page_token", "not a token issued by this query with these filters"}});
}

}  // namespace

std::string EncodePageToken(absl::string_view filter,
                            absl::string_view last_key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("v1\x1f", FilterTag(filter), "\x1f", last_key));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view filter,
                                            absl::string_view token) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken();
  std::vector<std::string> parts =
      absl::StrSplit(raw, absl::MaxSplits('\x1f', 2));
  if (parts.size() != 3 || parts[0] != "v1" || parts[1] != FilterTag(filter))
    return BadToken();
  return parts[2];
}

absl::StatusOr<int> ResolvePageSize(int requested) {
  if (requested == 0) return kDefaultPageSize;
  if (requested < 0 || requested > kMaxPageSize) {
    return InvalidArgument(
        "PAGE_SIZE_INVALID",
        {{"page_size",
          absl::StrCat("0-", kMaxPageSize, "; 0 means ", kDefaultPageSize)}});
  }
  return requested;
}

}  // namespace opendata
