// Key and value encodings of the RocksDB event store (see storage/README.md for
// the full layout): column family names, big-endian sequence keys, stream index
// and stream head keys, meta keys. Pure functions; safe from any thread.
#ifndef OPENDATA_STORAGE_KEYS_H_
#define OPENDATA_STORAGE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace opendata::storage_keys {

// Column family names.
inline constexpr char kEventsFamily[] = "events";
inline constexpr char kStreamsFamily[] = "streams";
inline constexpr char kIdempotencyFamily[] = "idempotency";
inline constexpr char kProjectionsFamily[] = "projections";
inline constexpr char kMetaFamily[] = "meta";
// Signed checkpoints and their Merkle node cache (written by the checkpointer,
// never by the commit path).
inline constexpr char kMerkleFamily[] = "merkle";
inline constexpr char kCheckpointsFamily[] = "checkpoints";
// Wrapped per-subject data keys of personal information (subject ->
// SubjectDataKey), outside the event log so that deleting one erases.
inline constexpr char kSubjectKeysFamily[] = "subject_keys";

// Meta keys. "format_version" -> 8-byte big-endian kFormatVersion. "head" ->
// 8-byte big-endian last sequence followed by the 32-byte hash of that event,
// rewritten in every commit.
inline constexpr char kFormatVersionKey[] = "format_version";
inline constexpr char kHeadKey[] = "head";
inline constexpr uint64_t kFormatVersion = 1;

// Longest stream id the store accepts, in bytes.
inline constexpr size_t kMaxStreamIdSize = 1024;

// 8-byte big-endian encoding, so that byte order equals numeric order.
std::string EncodeUint64(uint64_t value);
// Appends the 8-byte big-endian encoding of `value` to `out`.
void AppendUint64(uint64_t value, std::string* out);
// Decodes exactly 8 bytes; nullopt for any other size.
std::optional<uint64_t> DecodeUint64(absl::string_view bytes);

// merkle family: the complete-subtree node (level, index): one level byte,
// then 8-byte big-endian index.
std::string MerkleNodeKey(int level, uint64_t index);

// streams family: the head record of a stream, stream_id + '\0'. Sorts before
// every index key of the stream.
std::string StreamHeadKey(absl::string_view stream_id);
// streams family: the index key of one version, stream_id + '\0' + 8-byte
// big-endian version.
std::string StreamIndexKey(absl::string_view stream_id, int64_t version);

// A parsed streams-family key. `version` is nullopt for a head record.
struct StreamKey {
  absl::string_view stream_id;
  std::optional<int64_t> version;
};
// Parses a streams-family key; nullopt if it is neither a head nor an index
// key.
std::optional<StreamKey> ParseStreamKey(absl::string_view key);

// meta "head" value: last sequence and its hash.
std::string EncodeChainHead(uint64_t last_sequence, absl::string_view hash);
// Parses a meta "head" value; nullopt unless it is 8 + 32 bytes.
struct ChainHeadValue {
  uint64_t last_sequence = 0;
  std::string hash;
};
std::optional<ChainHeadValue> DecodeChainHead(absl::string_view value);

}  // namespace opendata::storage_keys

#endif  // OPENDATA_STORAGE_KEYS_H_
