// Implementation of projection_families.h.
#include "engine/projections/projection_families.h"

#include "absl/strings/match.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/release_projection.h"
#include "engine/projections/stream_view.h"

namespace opendata {

const std::vector<ProjectionFamily>& ProjectionFamilies() {
  // Each prefix is the namespace of one projection's row keys (see the
  // k*Prefix constants in the projection headers).
  static const std::vector<ProjectionFamily>* const kFamilies =
      new std::vector<ProjectionFamily>{
          {"catalog", {"catalog/"}},
          {"deadlines", {"deadline/"}},
          {"releases", {kReleaseRowPrefix, kQualityAssessmentRowPrefix}},
          {"open_list", {"openlist/"}},
          {"objections", {"objections/"}},
          {"calendar", {kCalendarYearRowPrefix}},
          {"plans", {"plans/"}},
          {"organizations", {"organizations/"}},
          {"applications", {"applications/"}},
          {"credit", {kCreditListingRowPrefix}},
          {"products", {"products/"}},
          {"demands", {"demands/", "demand-calls/"}},
          {"supervision", {"stats/"}},
          {"inbox", {kInboxRowPrefix}},
      };
  return *kFamilies;
}

const ProjectionFamily* FindProjectionFamily(absl::string_view name) {
  for (const ProjectionFamily& family : ProjectionFamilies()) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

bool FamilyOwns(const ProjectionFamily& family, absl::string_view key) {
  for (const std::string& prefix : family.prefixes) {
    if (absl::StartsWith(key, prefix)) return true;
  }
  return false;
}

ProjectionRows FamilyRows(const ProjectionRows& rows,
                          const ProjectionFamily& family) {
  ProjectionRows owned;
  for (const auto& [key, value] : rows) {
    if (FamilyOwns(family, key)) owned.emplace(key, value);
  }
  return owned;
}

}  // namespace opendata
