// Implementation of keys.h. Stateless; safe from any thread.
#include "storage/keys.h"

#include "common/sha256.h"

namespace opendata::storage_keys {

std::string EncodeUint64(uint64_t value) {
  std::string out;
  AppendUint64(value, &out);
  return out;
}

void AppendUint64(uint64_t value, std::string* out) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  out->append(buf, sizeof(buf));
}

std::optional<uint64_t> DecodeUint64(absl::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

std::string MerkleNodeKey(int level, uint64_t index) {
  std::string key(1, static_cast<char>(level));
  AppendUint64(index, &key);
  return key;
}

std::string StreamHeadKey(absl::string_view stream_id) {
  std::string key;
  key.reserve(stream_id.size() + 1);
  key.append(stream_id.data(), stream_id.size());
  key.push_back('\0');
  return key;
}

std::string StreamIndexKey(absl::string_view stream_id, int64_t version) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id.data(), stream_id.size());
  key.push_back('\0');
  AppendUint64(static_cast<uint64_t>(version), &key);
  return key;
}

std::optional<StreamKey> ParseStreamKey(absl::string_view key) {
  const size_t nul = key.find('\0');
  if (nul == absl::string_view::npos || nul == 0) return std::nullopt;
  StreamKey parsed{key.substr(0, nul), std::nullopt};
  const absl::string_view rest = key.substr(nul + 1);
  if (rest.empty()) return parsed;
  const std::optional<uint64_t> version = DecodeUint64(rest);
  if (!version.has_value() || *version == 0 ||
      *version > static_cast<uint64_t>(INT64_MAX)) {
    return std::nullopt;
  }
  parsed.version = static_cast<int64_t>(*version);
  return parsed;
}

std::string EncodeChainHead(uint64_t last_sequence, absl::string_view hash) {
  std::string value = EncodeUint64(last_sequence);
  value.append(hash.data(), hash.size());
  return value;
}

std::optional<ChainHeadValue> DecodeChainHead(absl::string_view value) {
  if (value.size() != 8 + kSha256Size) return std::nullopt;
  ChainHeadValue head;
  head.last_sequence = *DecodeUint64(value.substr(0, 8));
  head.hash = std::string(value.substr(8));
  return head;
}

}  // namespace opendata::storage_keys
