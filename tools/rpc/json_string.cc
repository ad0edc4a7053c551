// Go-style JSON string literals (see json_string.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/json_string.h"

#include <cstdint>

namespace opendata::rpc {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char32_t kReplacement = 0xFFFD;

void AppendUnicodeEscape(char32_t code, std::string* out) {
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) {
    out->push_back(kHexDigits[(code >> shift) & 0xF]);
  }
}

void AppendUtf8(char32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Decodes the UTF-8 sequence at text[*pos] and advances past it; an invalid
// byte decodes to U+FFFD and advances by one.
char32_t DecodeUtf8(absl::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(*pos);
  int length;
  char32_t min;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min = 0x10000;
  } else {
    ++*pos;
    return kReplacement;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return kReplacement;
  }
  char32_t code = lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return kReplacement;
    }
    code = (code << 6) | (next & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    ++*pos;
    return kReplacement;
  }
  *pos += length;
  return code;
}

// Reads the four hex digits after "\u" at literal[pos].
std::optional<char32_t> ReadHex4(absl::string_view literal, size_t pos) {
  if (pos + 4 > literal.size()) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    const char c = literal[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return value;
}

}  // namespace

std::string GoJsonQuote(absl::string_view text) {
  std::string out = "\"";
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      const char32_t code = DecodeUtf8(text, &pos);
      if (code == 0x2028 || code == 0x2029) {
        AppendUnicodeEscape(code, &out);
      } else {
        AppendUtf8(code, &out);
      }
      continue;
    }
    ++pos;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '<':
      case '>':
      case '&':
        AppendUnicodeEscape(c, &out);
        break;
      default:
        if (c < 0x20) {
          AppendUnicodeEscape(c, &out);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

std::optional<std::string> JsonUnquote(absl::string_view literal) {
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') {
    return std::nullopt;
  }
  std::string out;
  const size_t end = literal.size() - 1;
  size_t pos = 1;
  while (pos < end) {
    const char c = literal[pos++];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (pos >= end) return std::nullopt;
    const char escape = literal[pos++];
    switch (escape) {
      case '"':
      case '\\':
      case '/':
        out.push_back(escape);
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        std::optional<char32_t> code = ReadHex4(literal, pos);
        if (!code.has_value()) return std::nullopt;
        pos += 4;
        if (*code >= 0xD800 && *code <= 0xDBFF && pos + 6 <= end &&
            literal[pos] == '\\' && literal[pos + 1] == 'u') {
          const std::optional<char32_t> low = ReadHex4(literal, pos + 2);
          if (low.has_value() && *low >= 0xDC00 && *low <= 0xDFFF) {
            code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
            pos += 6;
          }
        }
        if (*code >= 0xD800 && *code <= 0xDFFF) code = kReplacement;
        AppendUtf8(*code, &out);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace opendata::rpc
