// CommandPipeline::ReadCitationEvidence (command_pipeline.h): what a data
// product's citations are checked against (Art. 20), read from the catalog,
// open-list and application projections before the pure product decider
// runs. Thread-safety: as the pipeline (reads only; the store is safe to read
// concurrently).
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/open_list_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kBatch = 500;

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat("projection row ", key, " does not parse"),
                   {{"key", key}});
}

// Every row under `prefix`, parsed as `Message`, in key order.
template <typename Message>
absl::StatusOr<std::vector<Message>> ScanAll(EventStore& store,
                                             const std::string& prefix) {
  std::vector<Message> out;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store.ScanProjection(prefix, after, kBatch));
    for (const auto& [key, value] : rows) {
      Message message;
      if (!message.ParseFromString(value)) return Corrupt(key);
      out.push_back(std::move(message));
      after = key;
    }
    if (rows.size() < kBatch) break;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<CitationEvidence>>
CommandPipeline::ReadCitationEvidence(const pb::ProductContent& content,
                                      const std::string& subject) {
  std::vector<CitationEvidence> evidence;
  if (content.citations_size() > kMaxProductCitations) return evidence;
  for (const pb::ProductCitation& c : content.citations()) {
    CitationEvidence found;
    const std::string& entry = c.catalog_entry_id();
    // Keys are built from the id only when it cannot reach outside its own
    // rows; the decider refuses a malformed id before it looks at these.
    if (!entry.empty() && entry.find('/') == std::string::npos) {
      ASSIGN_OR_RETURN(found.entry, ReadEntryFacts(entry));
      ASSIGN_OR_RETURN(
          found.intervals,
          ScanAll<pb::OpenListInterval>(
              *store_, absl::StrCat(kOpenListHistoryPrefix, entry, "/")));
      ASSIGN_OR_RETURN(
          found.grants,
          ScanAll<pb::AccessGrant>(
              *store_, absl::StrCat(UserGrantsPrefix(subject), entry, "/")));
    }
    evidence.push_back(std::move(found));
  }
  return evidence;
}

}  // namespace opendata
