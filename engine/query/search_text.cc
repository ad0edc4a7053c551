// Implementation of search_text.h.
#include "engine/query/search_text.h"

#include <vector>

namespace opendata {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes UTF-8; a malformed or truncated sequence yields U+FFFD per byte.
std::vector<char32_t> Decode(absl::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int extra = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    if (i + extra >= s.size()) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char d = s[i + k];
      if ((d & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (d & 0x3F);
    }
    if (!ok) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

void Encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
         cp == '\f' || cp == 0x3000 || cp == 0x00A0;
}

char32_t Fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

std::string Utf8(const char32_t* begin, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) Encode(begin[i], out);
  return out;
}

}  // namespace

std::string NormalizeSearchText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t cp : Decode(text)) {
    if (IsSpace(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    Encode(Fold(cp), out);
  }
  return out;
}

std::set<std::string> IndexGrams(absl::string_view normalized) {
  const std::vector<char32_t> cps = Decode(normalized);
  std::set<std::string> grams;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] != ' ') grams.insert(Utf8(&cps[i], 1));
    if (i + 1 < cps.size()) grams.insert(Utf8(&cps[i], 2));
  }
  return grams;
}

std::set<std::string> QueryGrams(absl::string_view normalized) {
  const std::vector<char32_t> cps = Decode(normalized);
  std::set<std::string> grams;
  if (cps.size() == 1) {
    grams.insert(Utf8(cps.data(), 1));
    return grams;
  }
  for (size_t i = 0; i + 1 < cps.size(); ++i) grams.insert(Utf8(&cps[i], 2));
  return grams;
}

std::string GramKeySegment(absl::string_view gram) {
  std::string out;
  out.reserve(gram.size());
  for (char c : gram) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace opendata
