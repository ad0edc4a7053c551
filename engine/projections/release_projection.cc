// Implementation of release_projection.h.
#include "engine/projections/release_projection.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_util.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Deadline id prefixes of the upkeep clocks (see release_decider.h).
constexpr char kUpdateClockPrefix[] = "data-update:";
constexpr char kAssessmentClockPrefix[] = "quality-assessment:";

// A met or cancelled upkeep clock is no longer due (a release or assessment
// starts the next one in the same command).
void ClearDue(pb::CatalogEntry& view, const std::string& deadline_id) {
  if (absl::StartsWith(deadline_id, kUpdateClockPrefix)) {
    view.clear_next_update_due_time();
  } else if (absl::StartsWith(deadline_id, kAssessmentClockPrefix)) {
    view.clear_next_quality_assessment_due_time();
  }
}

}  // namespace

bool FoldReleaseView(pb::CatalogEntry& view, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryReleaseRecorded: {
      const pb::Release& release = p.catalog_entry_release_recorded().release();
      view.set_release_count(release.number());
      *view.mutable_latest_release() = release;
      return true;
    }
    case pb::EventPayload::kCatalogEntryQualityAssessed: {
      const pb::QualityAssessment& assessment =
          p.catalog_entry_quality_assessed().assessment();
      view.set_quality_assessment_count(assessment.number());
      *view.mutable_latest_quality_assessment() = assessment;
      return true;
    }
    case pb::EventPayload::kDeadlineStarted: {
      const pb::Deadline& d = p.deadline_started().deadline();
      if (d.kind() == pb::DEADLINE_KIND_DATA_UPDATE) {
        *view.mutable_next_update_due_time() = d.due_time();
      } else if (d.kind() == pb::DEADLINE_KIND_QUALITY_ASSESSMENT) {
        *view.mutable_next_quality_assessment_due_time() = d.due_time();
      }
      return false;
    }
    case pb::EventPayload::kDeadlineMet:
      ClearDue(view, p.deadline_met().deadline_id());
      return false;
    case pb::EventPayload::kDeadlineCancelled:
      ClearDue(view, p.deadline_cancelled().deadline_id());
      return false;
    default:
      return false;
  }
}

void FoldReleaseHistory(ReleaseHistory& history,
                        const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  if (p.has_catalog_entry_release_recorded()) {
    history.releases.push_back(p.catalog_entry_release_recorded().release());
  } else if (p.has_catalog_entry_quality_assessed()) {
    history.assessments.push_back(
        p.catalog_entry_quality_assessed().assessment());
  }
}

ProjectionRows ReleaseRows(const pb::CatalogEntry& view,
                           const ReleaseHistory& history) {
  ProjectionRows rows;
  const std::string& id = view.catalog_entry_id();
  if (id.empty()) return rows;
  for (const pb::Release& r : history.releases) {
    rows[absl::StrCat(kReleaseRowPrefix, id, "/",
                      SortableNumber(r.number(), 10))] =
        SerializeDeterministic(r);
  }
  for (const pb::QualityAssessment& a : history.assessments) {
    rows[absl::StrCat(kQualityAssessmentRowPrefix, id, "/",
                      SortableNumber(a.number(), 10))] =
        SerializeDeterministic(a);
  }
  return rows;
}

}  // namespace opendata
