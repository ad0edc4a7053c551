// Implementation of open_list_queries.h. The current list walks
// openlist/current/ (entry id order); the export as of an instant walks every
// entry's intervals under openlist/history/ and keeps the one covering the
// instant, then orders by entry id (the history keys sort "ab-c/..." before
// "ab/...", so key order is not id order).
#include "engine/query/open_list_queries.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/open_list_projection.h"
#include "engine/projections/release_projection.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/open_list_export.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Rows examined per ListOpenList page at most (see catalog_queries.cc), and
// per scan batch of an export.
constexpr size_t kScanBudget = 5000;
constexpr size_t kExportBatch = 1000;

// Longest organisation code and domain a filter may name, in characters.
constexpr size_t kMaxFilterOrganization = 64;
constexpr size_t kMaxFilterDomain = 50;

absl::Status ValidateFilter(const OpenListFilter& f) {
  std::vector<FieldViolation> v;
  if (f.open_attribute != pb::OPEN_ATTRIBUTE_UNSPECIFIED &&
      f.open_attribute != pb::OPEN_ATTRIBUTE_UNCONDITIONAL &&
      f.open_attribute != pb::OPEN_ATTRIBUTE_CONDITIONAL) {
    v.push_back({"filter.open_attribute",
                 "UNCONDITIONAL or CONDITIONAL (NOT_OPEN data is not on the "
                 "open list)"});
  }
  if (Utf8Length(f.provider_organization) > kMaxFilterOrganization) {
    v.push_back(
        {"filter.provider_organization",
         absl::StrCat("at most ", kMaxFilterOrganization, " characters")});
  }
  if (!f.region.empty() && !IsKnownRegion(f.region)) {
    v.push_back({"filter.region", "not a Jining region code"});
  }
  if (Utf8Length(f.domain) > kMaxFilterDomain) {
    v.push_back({"filter.domain",
                 absl::StrCat("at most ", kMaxFilterDomain, " characters")});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("FILTER_INVALID", std::move(v));
}

bool Matches(const pb::OpenListRow& row, const OpenListFilter& f) {
  return (f.open_attribute == pb::OPEN_ATTRIBUTE_UNSPECIFIED ||
          row.open_attribute() == f.open_attribute) &&
         (f.provider_organization.empty() ||
          row.provider_organization() == f.provider_organization) &&
         (f.region.empty() || row.region() == f.region) &&
         (f.domain.empty() || row.domain() == f.domain);
}

template <typename Message>
absl::StatusOr<Message> ParseRow(const std::string& key,
                                 const std::string& value) {
  Message message;
  if (!message.ParseFromString(value)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     "stored projection row does not parse", {{"key", key}});
  }
  return message;
}

// True if `interval` covers `at`: from_time <= at < to_time (to_time unset:
// still current).
bool Covers(const pb::OpenListInterval& interval, absl::Time at) {
  return FromProto(interval.from_time()) <= at &&
         (!interval.has_to_time() || at < FromProto(interval.to_time()));
}

}  // namespace

absl::Status OpenListQueries::CheckVisible(const pb::Actor& actor,
                                           const std::string& id) const {
  RETURN_IF_ERROR(ValidateCatalogEntryId(id, "catalog_entry_id"));
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store_->GetProjection(kCatalogEntryRowPrefix + id));
  if (row.has_value()) {
    ASSIGN_OR_RETURN(
        pb::CatalogEntry entry,
        ParseRow<pb::CatalogEntry>(kCatalogEntryRowPrefix + id, *row));
    if (CanSeeEntry(actor, entry)) return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                   absl::StrCat("catalog entry ", id, " not found"),
                   {{"catalog_entry_id", id}});
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
OpenListQueries::HistoryRows(const pb::Actor& actor, const std::string& kind,
                             const std::string& prefix,
                             const EntryHistoryRequest& request,
                             int* page_size) const {
  ASSIGN_OR_RETURN(*page_size, ResolvePageSize(request.page_size));
  RETURN_IF_ERROR(CheckVisible(actor, request.catalog_entry_id));
  const std::string filter_key =
      absl::StrCat(kind, "|", request.catalog_entry_id, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, request.page_token));
  return store_->ScanProjection(
      absl::StrCat(prefix, request.catalog_entry_id, "/"), after, *page_size);
}

absl::StatusOr<ReleasePage> OpenListQueries::Releases(
    const pb::Actor& actor, const EntryHistoryRequest& request) const {
  int page_size = 0;
  ASSIGN_OR_RETURN(auto rows, HistoryRows(actor, "releases", kReleaseRowPrefix,
                                          request, &page_size));
  ReleasePage page;
  for (const auto& [key, value] : rows) {
    ASSIGN_OR_RETURN(pb::Release release, ParseRow<pb::Release>(key, value));
    page.releases.push_back(std::move(release));
  }
  if (static_cast<int>(rows.size()) == page_size) {
    page.next_page_token =
        EncodePageToken(absl::StrCat("releases|", request.catalog_entry_id, "|",
                                     actor.subject()),
                        rows.back().first);
  }
  return page;
}

absl::StatusOr<QualityAssessmentPage> OpenListQueries::QualityAssessments(
    const pb::Actor& actor, const EntryHistoryRequest& request) const {
  int page_size = 0;
  ASSIGN_OR_RETURN(
      auto rows, HistoryRows(actor, "assessments", kQualityAssessmentRowPrefix,
                             request, &page_size));
  QualityAssessmentPage page;
  for (const auto& [key, value] : rows) {
    ASSIGN_OR_RETURN(pb::QualityAssessment assessment,
                     ParseRow<pb::QualityAssessment>(key, value));
    page.assessments.push_back(std::move(assessment));
  }
  if (static_cast<int>(rows.size()) == page_size) {
    page.next_page_token =
        EncodePageToken(absl::StrCat("assessments|", request.catalog_entry_id,
                                     "|", actor.subject()),
                        rows.back().first);
  }
  return page;
}

absl::StatusOr<OpenListPage> OpenListQueries::List(
    const pb::Actor& actor, const OpenListFilter& f) const {
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  RETURN_IF_ERROR(ValidateFilter(f));
  const std::string filter_key =
      absl::StrCat("openlist|", f.open_attribute, "|", f.provider_organization,
                   "|", f.region, "|", f.domain, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(kOpenListCurrentPrefix,
                                                     after, kScanBudget));
  OpenListPage page;
  std::string last_key;
  for (const auto& [key, value] : rows) {
    last_key = key;
    ASSIGN_OR_RETURN(pb::OpenListRow row,
                     ParseRow<pb::OpenListRow>(key, value));
    if (!Matches(row, f)) continue;
    page.rows.push_back(std::move(row));
    if (static_cast<int>(page.rows.size()) == page_size) break;
  }
  const bool more = static_cast<int>(page.rows.size()) == page_size ||
                    rows.size() == kScanBudget;
  if (more && !last_key.empty())
    page.next_page_token = EncodePageToken(filter_key, last_key);
  return page;
}

absl::StatusOr<std::vector<pb::OpenListRow>> OpenListQueries::AsOf(
    const OpenListFilter& f, absl::Time as_of) const {
  RETURN_IF_ERROR(ValidateFilter(f));
  std::map<std::string, pb::OpenListRow> listed;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(kOpenListHistoryPrefix,
                                                       after, kExportBatch));
    for (const auto& [key, value] : rows) {
      ASSIGN_OR_RETURN(pb::OpenListInterval interval,
                       ParseRow<pb::OpenListInterval>(key, value));
      if (Covers(interval, as_of) && Matches(interval.row(), f)) {
        listed[interval.row().catalog_entry_id()] = interval.row();
      }
    }
    if (rows.size() < kExportBatch) break;
    after = rows.back().first;
  }
  std::vector<pb::OpenListRow> out;
  out.reserve(listed.size());
  for (auto& [id, row] : listed) out.push_back(std::move(row));
  return out;
}

absl::Status OpenListQueries::Export(
    const OpenListFilter& f, absl::Time as_of, absl::Time now,
    pb::OpenListExportFormat format,
    const std::function<absl::Status(std::string chunk)>& sink) const {
  std::vector<FieldViolation> v;
  if (format != pb::OPEN_LIST_EXPORT_FORMAT_JSON_LINES &&
      format != pb::OPEN_LIST_EXPORT_FORMAT_CSV) {
    v.push_back({"format", "JSON_LINES or CSV"});
  }
  if (as_of > now) {
    v.push_back({"as_of", "must not be in the future"});
  }
  if (!v.empty()) return InvalidArgument("EXPORT_INVALID", std::move(v));
  ASSIGN_OR_RETURN(std::vector<pb::OpenListRow> rows, AsOf(f, as_of));
  ChunkWriter writer(kExportChunkBytes, sink);
  const bool csv = format == pb::OPEN_LIST_EXPORT_FORMAT_CSV;
  if (csv) RETURN_IF_ERROR(writer.Add(OpenListCsvHeader()));
  for (const pb::OpenListRow& row : rows) {
    RETURN_IF_ERROR(
        writer.Add(csv ? OpenListCsvRecord(row) : OpenListJsonLine(row)));
  }
  return writer.Finish();
}

}  // namespace opendata
