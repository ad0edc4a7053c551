// SubjectKeyStore: where the wrapped per-subject data keys of personal
// information live (docs/architecture.md "Personal information"), outside the
// event log, so that deleting a key erases what it sealed while the log stays
// untouched. Values are opaque to the store (a serialized SubjectDataKey).
// Deletion happens only with the event that records it
// (AppendRequest::shredded_subject_keys). RocksEventStore implements it over
// the "subject_keys" column family.
//
// Thread-safety: every method may be called concurrently from any thread.
#ifndef OPENDATA_STORAGE_SUBJECT_KEY_STORE_H_
#define OPENDATA_STORAGE_SUBJECT_KEY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

class SubjectKeyStore {
 public:
  virtual ~SubjectKeyStore() = default;

  // The stored key record of `subject`; nullopt if it has none (never had one,
  // or it was shredded).
  virtual absl::StatusOr<std::optional<std::string>> GetSubjectKey(
      absl::string_view subject) = 0;

  // Stores `record` for `subject` (synced) unless the subject already has
  // one; returns the record stored now (the existing one if there was one).
  virtual absl::StatusOr<std::string> PutSubjectKeyIfAbsent(
      absl::string_view subject, absl::string_view record) = 0;
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_SUBJECT_KEY_STORE_H_
