// The release decider (Art. 12): the provider's releases of a published entry,
// the reviewers' quality assessments, and the two upkeep clocks they answer —
// DEADLINE_KIND_DATA_UPDATE (by the entry's update frequency, at most one
// year; none for ARCHIVED entries) and DEADLINE_KIND_QUALITY_ASSESSMENT (one
// year). Both are calendar-date clocks started at publication, met and
// restarted by a release or an assessment, kept running through a quality
// suspension and cancelled when the entry is taken down. Pure; safe from any
// thread.
#ifndef OPENDATA_ENGINE_CATALOG_RELEASE_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_RELEASE_DECIDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog_state.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// Limits of a release's fields, in characters.
inline constexpr int kMaxVersionLabel = 64;
inline constexpr int kMaxReleaseFormat = 50;
inline constexpr int kMaxReleaseNotes = 1000;
// Limit of a quality assessment's findings, in characters.
inline constexpr int kMaxQualityFindings = 2000;

// Id of an entry's n-th data-update clock: "data-update:<id>:<n>".
std::string DataUpdateDeadlineId(const std::string& catalog_entry_id,
                                 int32_t n);

// Id of an entry's n-th quality-assessment clock:
// "quality-assessment:<id>:<n>".
std::string QualityAssessmentDeadlineId(const std::string& catalog_entry_id,
                                        int32_t n);

// When the next update is due after an update (or publication) at `from`: the
// end (23:59:59 Asia/Shanghai) of the date one period after `from`'s date —
// REAL_TIME and DAILY 1 day, WEEKLY 7 days, MONTHLY 1 month, QUARTERLY 3,
// HALF_YEARLY 6, YEARLY and IRREGULAR 12 months, month ends clamped (31 Jan + 1
// month = 28/29 Feb). InfiniteFuture for ARCHIVED (no clock) and UNSPECIFIED.
absl::Time NextUpdateDue(jining::opendata::v1::UpdateFrequency frequency,
                         absl::Time from);

// When the next quality assessment is due after one (or publication) at
// `from`: the end of the date one year after `from`'s date (29 Feb -> 28 Feb).
absl::Time NextAssessmentDue(absl::Time from);

// Decides RecordRelease and RecordQualityAssessment. Other commands:
// INVALID_ARGUMENT.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> DecideRelease(
    const CatalogEntryState& state,
    const jining::opendata::v1::Command& command,
    const CommandContext& context);

// The DeadlineStarted events of the upkeep clocks an entry being published (or
// republished) at `now` needs: the data-update clock (unless ARCHIVED) and the
// quality-assessment clock, each only if none of its kind is still open or
// overdue (a republication does not restart a running clock).
std::vector<jining::opendata::v1::EventPayload> StartUpkeepClocks(
    const CatalogEntryState& state, absl::Time now);

// DeadlineCancelled events for the entry's open or overdue upkeep clocks, e.g.
// when it is taken down.
std::vector<jining::opendata::v1::EventPayload> CancelUpkeepClocks(
    const CatalogEntryState& state, const std::string& reason);

// Hands the entry's running upkeep clocks over to a new owner (an approved
// migration, Art. 13): each open or overdue one is cancelled and restarted with
// the same due time, responsible `to_organization` (data update) and
// `to_region` (both). An overdue obligation stays overdue: the new clock is
// already past due and the scheduler marks it.
std::vector<jining::opendata::v1::EventPayload> HandOverUpkeepClocks(
    const CatalogEntryState& state, const std::string& to_organization,
    const std::string& to_region, absl::Time now);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_RELEASE_DECIDER_H_
