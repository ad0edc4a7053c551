// One year's official working-day schedule (jining.opendata.v1.CalendarYear,
// domain.md section 7): ISO date helpers and validation. Stateless; safe from
// any thread.
#ifndef OPENDATA_ENGINE_CALENDAR_CALENDAR_YEAR_H_
#define OPENDATA_ENGINE_CALENDAR_CALENDAR_YEAR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata {

// The years a CalendarYear may describe, inclusive.
inline constexpr int kMinCalendarYear = 2000;
inline constexpr int kMaxCalendarYear = 2100;

// ErrorInfo reason of a CalendarYear that fails ValidateCalendarYear.
inline constexpr absl::string_view kCalendarInvalidReason = "CALENDAR_INVALID";

// Parses a strict ISO 8601 calendar date "YYYY-MM-DD": four-digit year,
// two-digit month and day, and a day that exists ("2026-02-30" is refused, not
// normalised). Returns a plain INVALID_ARGUMENT otherwise; the caller knows
// which field it parsed and reports it.
absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text);

// Formats `day` as "YYYY-MM-DD", the inverse of ParseIsoDate for years 0-9999.
std::string FormatIsoDate(absl::CivilDay day);

// Checks a schedule: `year` in [kMinCalendarYear, kMaxCalendarYear]; every date
// a valid ISO date inside `year`; no date listed twice in the same list; no
// date both a holiday and a make-up working day; every make-up working day a
// Saturday or Sunday. Returns OK, or INVALID_ARGUMENT with reason
// kCalendarInvalidReason and one field violation per problem found (all of
// them, not only the first), naming the field as "year", "holidays[3]" or
// "makeup_workdays[0]". A date that is both a holiday and a make-up day is
// reported on its make-up entry; a duplicate is reported on its second
// occurrence.
absl::Status ValidateCalendarYear(
    const jining::opendata::v1::CalendarYear& year);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CALENDAR_CALENDAR_YEAR_H_
