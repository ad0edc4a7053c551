// Implementation of online_rebuild.h.
#include "engine/replay/online_rebuild.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"

namespace opendata {
namespace {

constexpr size_t kReadBatch = 4096;

}  // namespace

absl::Status OnlineRebuild::FoldTo(uint64_t head) {
  while (next_sequence_ <= head) {
    const size_t want = static_cast<size_t>(
        std::min<uint64_t>(kReadBatch, head - next_sequence_ + 1));
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     store_->ReadAll(next_sequence_, want));
    if (batch.empty()) {
      return MakeError(absl::StatusCode::kDataLoss, "STORED_EVENT_MISSING",
                       "a committed event could not be read",
                       {{"sequence", absl::StrCat(next_sequence_)}});
    }
    for (const RecordedEvent& event : batch) {
      Apply(event.envelope);
      next_sequence_ = event.envelope.sequence() + 1;
    }
  }
  return absl::OkStatus();
}

void OnlineRebuild::Apply(const EventEnvelope& event) {
  StreamView& view = streams_[event.stream_id()];
  for (const auto& row : StreamRows(view)) rows_.erase(row.first);
  FoldStreamView(view, event);
  for (auto& row : StreamRows(view)) rows_[row.first] = std::move(row.second);
  for (const std::string& recipient : event.recipients()) {
    rows_[InboxRowKey(recipient, event.sequence())] = event.event_type();
  }
}

namespace {

// The rows of `rows` under the family's prefixes, found by range.
ProjectionRows RowsOf(const ProjectionRows& rows,
                      const ProjectionFamily& family) {
  ProjectionRows owned;
  for (const std::string& prefix : family.prefixes) {
    for (auto it = rows.lower_bound(prefix);
         it != rows.end() && absl::StartsWith(it->first, prefix); ++it) {
      owned.insert(*it);
    }
  }
  return owned;
}

}  // namespace

absl::StatusOr<FamilyRebuildReport> OnlineRebuild::Rebuild(
    const ProjectionFamily& family) {
  FamilyRebuildReport report;
  report.family = family.name;
  // Runs on the store's writer with the events committed after the fold's
  // end; folding them is cheap because the per-stream state is kept.
  const ProjectionCatchUp catch_up =
      [&](const std::vector<RecordedEvent>& events)
      -> absl::StatusOr<ProjectionRows> {
    for (const RecordedEvent& event : events) {
      if (event.envelope.sequence() != next_sequence_) {
        return MakeError(absl::StatusCode::kDataLoss, "STORED_EVENT_MISSING",
                         "the writer handed the rebuild an event out of order",
                         {{"sequence", absl::StrCat(next_sequence_)}});
      }
      Apply(event.envelope);
      ++next_sequence_;
    }
    return RowsOf(rows_, family);
  };
  for (int attempt = 0;; ++attempt) {
    const bool last = attempt >= options_.max_optimistic_attempts;
    const uint64_t head = std::max(store_->LastSequence(), next_sequence_ - 1);
    RETURN_IF_ERROR(FoldTo(head));
    const uint64_t as_of = next_sequence_ - 1;
    ASSIGN_OR_RETURN(
        ProjectionReplacement replacement,
        store_->ReplaceProjectionRows(family.prefixes, RowsOf(rows_, family),
                                      as_of, last ? catch_up : nullptr));
    if (replacement.applied) {
      report.replacement = replacement;
      report.as_of_sequence = next_sequence_ - 1;
      report.folded_in_writer = replacement.caught_up;
      return report;
    }
    if (last) {
      // The store contract says a replacement with a catch-up always lands.
      return absl::InternalError(
          "the store did not apply a replacement with a catch-up");
    }
    ++report.retries;
  }
}

absl::StatusOr<std::vector<const ProjectionFamily*>> ResolveRebuildTarget(
    const jining::opendata::v1::Actor& actor, absl::string_view name,
    bool all) {
  RETURN_IF_ERROR(RequireRole(actor, jining::opendata::v1::ROLE_OPERATOR));
  std::vector<const ProjectionFamily*> families;
  if (all) {
    for (const ProjectionFamily& family : ProjectionFamilies()) {
      families.push_back(&family);
    }
    return families;
  }
  if (name.empty()) {
    return InvalidArgument(
        "REBUILD_TARGET_REQUIRED",
        {{"target", "name a projection or ask for all of them"}});
  }
  const ProjectionFamily* family = FindProjectionFamily(name);
  if (family == nullptr) {
    std::vector<std::string> names;
    for (const ProjectionFamily& f : ProjectionFamilies()) {
      names.push_back(f.name);
    }
    return InvalidArgument(
        "PROJECTION_UNKNOWN",
        {{"projection",
          absl::StrCat("no projection is named \"", name,
                       "\"; known: ", absl::StrJoin(names, ", "))}});
  }
  families.push_back(family);
  return families;
}

}  // namespace opendata
