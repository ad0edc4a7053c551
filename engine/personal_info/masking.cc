// Implementation of masking.h. Works on UTF-8 code points, so that a Chinese
// character is never cut in half. Pure; safe from any thread.
#include "engine/personal_info/masking.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace opendata {

namespace {

// The code points of `text` as separate strings (a malformed byte counts as
// one).
std::vector<std::string> CodePoints(absl::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = 1;
    if (c >= 0xf0) {
      n = 4;
    } else if (c >= 0xe0) {
      n = 3;
    } else if (c >= 0xc0) {
      n = 2;
    }
    if (i + n > text.size()) n = text.size() - i;
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// The first `head` and last `tail` code points of `text` with one star for
// each one between.
std::string KeepEnds(absl::string_view text, size_t head, size_t tail) {
  const std::vector<std::string> points = CodePoints(text);
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    const bool keep = i < head || i + tail >= points.size();
    out += keep ? points[i] : "*";
  }
  return out;
}

}  // namespace

std::string MaskPhone(absl::string_view phone) {
  const size_t n = CodePoints(phone).size();
  if (n >= 11) return KeepEnds(phone, 3, 4);
  if (n >= 5) return KeepEnds(phone, 1, 2);
  return std::string(n, '*');
}

std::string MaskIdNumber(absl::string_view id_number) {
  const size_t n = CodePoints(id_number).size();
  if (n > 8) return KeepEnds(id_number, 4, 4);
  if (n > 2) return KeepEnds(id_number, 0, 2);
  return std::string(n, '*');
}

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos || at == 0) return "***";
  const std::vector<std::string> local = CodePoints(email.substr(0, at));
  return absl::StrCat(local.front(), "***", email.substr(at));
}

std::string MaskAddress(absl::string_view address) {
  const std::vector<std::string> points = CodePoints(address);
  const size_t keep = points.size() >= 12 ? 6 : points.size() / 2;
  std::string out;
  for (size_t i = 0; i < keep; ++i) out += points[i];
  return out + "***";
}

std::string MaskName(absl::string_view name) { return KeepEnds(name, 1, 0); }

}  // namespace opendata
