// grpcurl-style header parsing (see headers.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/headers.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace opendata::rpc {
namespace {

// Replaces each "${NAME}" (NAME of letters, digits and '_') by the environment
// variable NAME.
absl::StatusOr<std::string> ExpandEnv(absl::string_view header) {
  std::string out;
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t start = header.find("${", pos);
    if (start == absl::string_view::npos) break;
    size_t end = start + 2;
    while (end < header.size() &&
           (absl::ascii_isalnum(static_cast<unsigned char>(header[end])) ||
            header[end] == '_')) {
      ++end;
    }
    if (end == start + 2 || end == header.size() || header[end] != '}') {
      absl::StrAppend(&out, header.substr(pos, end - pos));
      pos = end;
      continue;
    }
    const std::string name(header.substr(start + 2, end - start - 2));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "header \"", header, "\" refers to missing environment variable \"",
          name, "\""));
    }
    absl::StrAppend(&out, header.substr(pos, start - pos), value);
    pos = end + 1;
  }
  absl::StrAppend(&out, header.substr(pos));
  return out;
}

bool IsValidKey(absl::string_view key) {
  if (key.empty() || key[0] == ':') return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsPrintableAscii(absl::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Decodes standard or URL-safe base64, padded or not; keeps the value as is
// otherwise (like grpcurl).
std::string DecodeBinaryValue(const std::string& value) {
  std::string decoded;
  if (absl::Base64Unescape(value, &decoded) ||
      absl::WebSafeBase64Unescape(value, &decoded)) {
    return decoded;
  }
  return value;
}

}  // namespace

absl::StatusOr<Metadata> ParseHeaders(const std::vector<std::string>& headers,
                                      bool expand_env) {
  Metadata metadata;
  for (const std::string& raw : headers) {
    if (raw.empty()) continue;
    std::string header = raw;
    if (expand_env) {
      absl::StatusOr<std::string> expanded = ExpandEnv(raw);
      if (!expanded.ok()) return expanded.status();
      header = *std::move(expanded);
    }
    const size_t colon = header.find(':');
    std::string name = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(absl::string_view(header).substr(0, colon)));
    std::string value = colon == std::string::npos
                            ? std::string()
                            : std::string(absl::StripAsciiWhitespace(
                                  absl::string_view(header).substr(colon + 1)));
    if (!IsValidKey(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid header name \"", name,
                       "\": use lowercase letters, digits, '-', '_' and '.'"));
    }
    if (absl::EndsWith(name, "-bin")) {
      value = DecodeBinaryValue(value);
    } else if (!IsPrintableAscii(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid value for header \"", name,
          "\": only printable ASCII is allowed (use a \"-bin\" header for "
          "binary data)"));
    }
    metadata.emplace_back(std::move(name), std::move(value));
  }
  return metadata;
}

void AddMetadata(const Metadata& metadata, grpc::ClientContext* context) {
  for (const auto& [name, value] : metadata) {
    context->AddMetadata(name, value);
  }
}

}  // namespace opendata::rpc
