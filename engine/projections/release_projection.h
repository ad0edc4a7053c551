// The release projection (Art. 12): folds an entry's releases, quality
// assessments and upkeep clocks into its CatalogEntry view (counts, latest,
// next due times) and keeps the history of releases and assessments as rows.
// Pure functions; safe from any thread.
//
// Rows:
//   release/<entry id>/<release number, 10 digits>    -> Release
//   quality/<entry id>/<assessment number, 10 digits> -> QualityAssessment
#ifndef OPENDATA_ENGINE_PROJECTIONS_RELEASE_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_RELEASE_PROJECTION_H_

#include <string>
#include <vector>

#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/releases.pb.h"

namespace opendata {

inline constexpr char kReleaseRowPrefix[] = "release/";
inline constexpr char kQualityAssessmentRowPrefix[] = "quality/";

// Every release and assessment of one entry, in order.
struct ReleaseHistory {
  std::vector<jining::opendata::v1::Release> releases;
  std::vector<jining::opendata::v1::QualityAssessment> assessments;
};

// Applies a release, an assessment or an upkeep clock's DeadlineStarted / Met /
// Cancelled to the entry view (release_count, latest_release,
// next_update_due_time and their assessment counterparts). Returns true for a
// release or an assessment (events that change nothing else in the view).
bool FoldReleaseView(jining::opendata::v1::CatalogEntry& view,
                     const jining::opendata::v1::EventEnvelope& event);

// Applies one event to the history.
void FoldReleaseHistory(ReleaseHistory& history,
                        const jining::opendata::v1::EventEnvelope& event);

// The history's rows for entry `view`.
ProjectionRows ReleaseRows(const jining::opendata::v1::CatalogEntry& view,
                           const ReleaseHistory& history);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_RELEASE_PROJECTION_H_
