// Implementation of append_validation.h. Stateless; safe from any thread.
#include "storage/append_validation.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "storage/keys.h"

namespace opendata {
namespace {

// Path of field `name` of streams[i].
std::string StreamField(size_t i, absl::string_view name) {
  return absl::StrCat("streams[", i, "].", name);
}

void ValidateStreamId(absl::string_view id, size_t i,
                      std::vector<FieldViolation>* violations) {
  if (id.empty()) {
    violations->push_back({StreamField(i, "stream_id"), "must not be empty"});
  } else if (id.size() > storage_keys::kMaxStreamIdSize) {
    violations->push_back(
        {StreamField(i, "stream_id"),
         absl::StrCat("longer than ", storage_keys::kMaxStreamIdSize,
                      " bytes")});
  } else if (id.find('\0') != absl::string_view::npos) {
    violations->push_back(
        {StreamField(i, "stream_id"), "must not contain a NUL byte"});
  }
}

}  // namespace

absl::StatusOr<size_t> ValidateAppendRequest(const AppendRequest& request) {
  std::vector<FieldViolation> violations;
  if (request.streams.empty()) {
    violations.push_back({"streams", "no events"});
  }
  absl::flat_hash_set<absl::string_view> seen;
  size_t events = 0;
  for (size_t i = 0; i < request.streams.size(); ++i) {
    const StreamAppend& stream = request.streams[i];
    ValidateStreamId(stream.stream_id, i, &violations);
    if (!stream.stream_id.empty() && !seen.insert(stream.stream_id).second) {
      violations.push_back({StreamField(i, "stream_id"), "stream named twice"});
    }
    if (stream.expected_version < kAnyVersion) {
      violations.push_back(
          {StreamField(i, "expected_version"), "below kAnyVersion"});
    }
    if (stream.events.empty()) {
      violations.push_back({StreamField(i, "events"), "no events"});
    }
    events += stream.events.size();
  }
  for (size_t i = 0; i < request.projection.size(); ++i) {
    if (request.projection[i].key.empty()) {
      violations.push_back(
          {absl::StrCat("projection[", i, "].key"), "must not be empty"});
    }
  }
  if (!violations.empty()) {
    return InvalidArgument(kInvalidAppend, std::move(violations));
  }
  return events;
}

}  // namespace opendata
