// Implementation of stored_event.h. Stateless; safe from any thread.
#include "storage/stored_event.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace opendata {

using jining::opendata::v1::StoredEvent;

std::string GenesisHash() { return std::string(kSha256Size, '\0'); }

bool SerializeDeterministic(const google::protobuf::MessageLite& message,
                            std::string* out) {
  out->clear();
  google::protobuf::io::StringOutputStream stream(out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  return message.SerializeToCodedStream(&coded) && !coded.HadError();
}

std::string EncodeStoredEvent(absl::string_view envelope_bytes,
                              absl::string_view hash) {
  StoredEvent stored;
  stored.set_envelope(std::string(envelope_bytes));
  stored.set_hash(std::string(hash));
  std::string value;
  SerializeDeterministic(stored, &value);
  return value;
}

absl::StatusOr<RecordedEvent> DecodeStoredEvent(uint64_t key_sequence,
                                                absl::string_view value) {
  StoredEvent stored;
  if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return DataLossAt(kStoredEventCorrupt, key_sequence,
                      "stored event does not parse");
  }
  if (stored.hash().size() != kSha256Size ||
      Sha256(stored.envelope()) != stored.hash()) {
    return DataLossAt(kStoredEventCorrupt, key_sequence,
                      "stored event fails its hash");
  }
  RecordedEvent event;
  if (!event.envelope.ParseFromString(stored.envelope())) {
    return DataLossAt(kStoredEventCorrupt, key_sequence,
                      "event envelope does not parse");
  }
  if (event.envelope.sequence() != key_sequence) {
    return DataLossAt(
        kStoredEventCorrupt, key_sequence,
        absl::StrCat("envelope names sequence ", event.envelope.sequence()));
  }
  event.hash = std::move(*stored.mutable_hash());
  return event;
}

absl::Status DataLossAt(absl::string_view reason, uint64_t sequence,
                        absl::string_view message) {
  return MakeError(absl::StatusCode::kDataLoss, reason,
                   absl::StrCat("event ", sequence, ": ", message),
                   {{"sequence", absl::StrCat(sequence)}});
}

}  // namespace opendata
