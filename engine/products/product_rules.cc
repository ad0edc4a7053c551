// Implementation of product_rules.h.
#include "engine/products/product_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/time_util.h"
#include "engine/applications/application_rules.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr char kInvalid[] = "PRODUCT_INVALID";

// Adds a violation unless `text` has between `min` and `max` characters.
void Length(std::vector<FieldViolation>& out, absl::string_view text,
            const std::string& field, size_t min, size_t max) {
  const size_t n = Utf8Length(text);
  if (n < min || n > max) {
    out.push_back({field, absl::StrCat(min, "-", max, " characters")});
  }
}

// The Asia/Shanghai day `day` as [start, next day's start).
struct DaySpan {
  absl::Time start;
  absl::Time end;
};

DaySpan SpanOf(absl::CivilDay day) {
  return {absl::FromCivil(day, ShanghaiTimeZone()),
          absl::FromCivil(day + 1, ShanghaiTimeZone())};
}

// True if the entry stood on the open list as UNCONDITIONAL at some moment of
// `span` during `interval`.
bool OpenListCovers(const pb::OpenListInterval& interval, const DaySpan& span) {
  if (interval.row().open_attribute() != pb::OPEN_ATTRIBUTE_UNCONDITIONAL) {
    return false;
  }
  if (FromProto(interval.from_time()) >= span.end) return false;
  return !interval.has_to_time() || FromProto(interval.to_time()) > span.start;
}

// True if `grant`'s period [start, end] reaches into `span` and it was not
// revoked before the day began.
bool GrantCovers(const pb::AccessGrant& grant, const DaySpan& span) {
  if (grant.state() == pb::GRANT_STATE_UNSPECIFIED) return false;
  if (FromProto(grant.start_time()) >= span.end) return false;
  if (FromProto(grant.end_time()) < span.start) return false;
  return !(grant.state() == pb::GRANT_STATE_REVOKED &&
           FromProto(grant.close_time()) <= span.start);
}

}  // namespace

std::vector<FieldViolation> ContentViolations(const pb::ProductContent& content,
                                              absl::CivilDay today) {
  std::vector<FieldViolation> out;
  Length(out, content.name(), "content.name", 1, 100);
  Length(out, content.description(), "content.description", 1, 2000);
  Length(out, content.reference(), "content.reference", 1, 500);
  if (content.form() == pb::PRODUCT_FORM_UNSPECIFIED ||
      !pb::ProductForm_IsValid(content.form())) {
    out.push_back({"content.form",
                   "required: APP, REPORT, DATASET, SERVICE "
                   "or OTHER"});
  }
  if (!content.declaration_accepted()) {
    out.push_back({"content.declaration_accepted",
                   "must be true: no trade secret, intellectual property or "
                   "personal information (Art. 20)"});
  }
  if (content.citations().empty() ||
      content.citations_size() > kMaxProductCitations) {
    out.push_back({"content.citations",
                   absl::StrCat("1-", kMaxProductCitations, " citations")});
  }
  std::set<std::string> seen;
  for (int i = 0; i < content.citations_size(); ++i) {
    const pb::ProductCitation& c = content.citations(i);
    const std::string field = absl::StrCat("content.citations[", i, "]");
    if (!ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id")
             .ok()) {
      out.push_back({field + ".catalog_entry_id", "not a catalog entry id"});
    } else if (!seen.insert(c.catalog_entry_id()).second) {
      out.push_back({field + ".catalog_entry_id", "cited more than once"});
    }
    const std::optional<absl::CivilDay> day = ParseIsoDay(c.acquisition_date());
    if (!day.has_value()) {
      out.push_back({field + ".acquisition_date", "an ISO date YYYY-MM-DD"});
    } else if (*day > today) {
      out.push_back({field + ".acquisition_date", "in the future"});
    }
  }
  return out;
}

absl::StatusOr<std::vector<pb::CitationCheck>> CheckCitations(
    const pb::ProductContent& content,
    const std::vector<CitationEvidence>& evidence) {
  if (evidence.size() != static_cast<size_t>(content.citations_size())) {
    return absl::InternalError("citation evidence does not match citations");
  }
  std::vector<pb::CitationCheck> checks;
  std::vector<PreconditionViolation> unacquirable;
  for (int i = 0; i < content.citations_size(); ++i) {
    const pb::ProductCitation& c = content.citations(i);
    const CitationEvidence& found = evidence[i];
    if (!found.entry.has_value()) {
      return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                       absl::StrCat("citation ", i, ": no catalog entry ",
                                    c.catalog_entry_id()),
                       {{"catalog_entry_id", c.catalog_entry_id()},
                        {"citation", absl::StrCat(i)}});
    }
    pb::CitationCheck check;
    *check.mutable_citation() = c;
    check.set_entry_name(found.entry->name());
    check.set_provider_organization(found.entry->provider_organization());
    check.set_region(found.entry->region());
    const DaySpan span = SpanOf(*ParseIsoDay(c.acquisition_date()));
    for (const pb::OpenListInterval& interval : found.intervals) {
      if (!OpenListCovers(interval, span)) continue;
      check.set_basis(pb::CITATION_BASIS_KIND_OPEN_LIST);
      *check.mutable_interval() = interval;
      break;
    }
    if (check.basis() == pb::CITATION_BASIS_KIND_UNSPECIFIED) {
      for (const pb::AccessGrant& grant : found.grants) {
        if (!GrantCovers(grant, span)) continue;
        check.set_basis(pb::CITATION_BASIS_KIND_GRANT);
        check.set_application_id(grant.application_id());
        break;
      }
    }
    if (check.basis() == pb::CITATION_BASIS_KIND_UNSPECIFIED) {
      unacquirable.push_back(
          {"ART20_CITATION_NOT_ACQUIRABLE",
           absl::StrCat("content.citations[", i, "] ", c.catalog_entry_id()),
           absl::StrCat("on ", c.acquisition_date(),
                        " the entry was not on the open list as "
                        "UNCONDITIONAL and no grant of the publisher covered "
                        "it")});
    }
    checks.push_back(std::move(check));
  }
  if (!unacquirable.empty()) {
    return FailedPrecondition(
        "ART20_CITATION_NOT_ACQUIRABLE",
        "a cited entry could not have been acquired on its acquisition date "
        "(Art. 20)",
        std::move(unacquirable));
  }
  return checks;
}

std::string ScreeningRegion(const std::vector<pb::CitationCheck>& checks) {
  if (checks.empty()) return std::string(kCityRegion);
  const std::string& first = checks.front().region();
  for (const pb::CitationCheck& check : checks) {
    if (check.region() != first) return std::string(kCityRegion);
  }
  return first.empty() ? std::string(kCityRegion) : first;
}

absl::Status CheckReasons(
    const google::protobuf::RepeatedPtrField<std::string>& reasons) {
  std::vector<FieldViolation> out;
  if (reasons.empty() || reasons.size() > kMaxProductReasons) {
    out.push_back(
        {"reasons", absl::StrCat("1-", kMaxProductReasons, " reasons")});
  }
  for (int i = 0; i < reasons.size(); ++i) {
    Length(out, reasons[i], absl::StrCat("reasons[", i, "]"), 1,
           kMaxProductReasonLength);
  }
  if (out.empty()) return absl::OkStatus();
  return InvalidArgument(kInvalid, std::move(out));
}

}  // namespace opendata
