// The value format of the "events" column family: a
// jining.opendata.v1.StoredEvent holding the exact serialized EventEnvelope and
// its SHA-256. Encoding, verified decoding, deterministic serialization and the
// DATA_LOSS errors that name a sequence. Pure functions; safe from any thread.
#ifndef OPENDATA_STORAGE_STORED_EVENT_H_
#define OPENDATA_STORAGE_STORED_EVENT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "storage/event_store.h"

namespace opendata {

// ErrorInfo reasons of DATA_LOSS errors raised by the store.
inline constexpr char kStoredEventCorrupt[] = "STORED_EVENT_CORRUPT";
inline constexpr char kStoredEventMissing[] = "STORED_EVENT_MISSING";
inline constexpr char kHashChainBroken[] = "HASH_CHAIN_BROKEN";
inline constexpr char kStreamIndexCorrupt[] = "STREAM_INDEX_CORRUPT";
inline constexpr char kStoreMetaCorrupt[] = "STORE_META_CORRUPT";

// prev_hash of sequence 1: 32 zero bytes.
std::string GenesisHash();

// Serializes `message` with deterministic serialization (map entries sorted).
// False on failure.
bool SerializeDeterministic(const google::protobuf::MessageLite& message,
                            std::string* out);

// Returns the serialized StoredEvent {envelope_bytes, hash}.
std::string EncodeStoredEvent(absl::string_view envelope_bytes,
                              absl::string_view hash);

// Parses and verifies the value stored under key `key_sequence`: the
// StoredEvent parses, its hash is 32 bytes and equals SHA-256 of its envelope
// bytes, the envelope parses and its sequence equals `key_sequence`. DATA_LOSS
// (reason STORED_EVENT_CORRUPT, metadata "sequence") otherwise. Does not check
// prev_hash.
absl::StatusOr<RecordedEvent> DecodeStoredEvent(uint64_t key_sequence,
                                                absl::string_view value);

// DATA_LOSS with `reason`, `message` and metadata "sequence".
absl::Status DataLossAt(absl::string_view reason, uint64_t sequence,
                        absl::string_view message);

}  // namespace opendata

#endif  // OPENDATA_STORAGE_STORED_EVENT_H_
