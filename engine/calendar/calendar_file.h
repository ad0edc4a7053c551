// Reading CalendarYear schedules from protobuf text format
// (engine/calendar/data/cn-YYYY.textproto). The only file I/O of the calendar
// library. Stateless; safe from any thread (concurrent reads of the same files
// are fine; the functions do not lock against concurrent writers of those
// files).
#ifndef OPENDATA_ENGINE_CALENDAR_CALENDAR_FILE_H_
#define OPENDATA_ENGINE_CALENDAR_CALENDAR_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata {

// ErrorInfo reason of text that is not a CalendarYear in protobuf text format.
inline constexpr absl::string_view kCalendarParseErrorReason =
    "CALENDAR_PARSE_ERROR";
// ErrorInfo reason of a calendar file or directory that cannot be read.
inline constexpr absl::string_view kCalendarUnreadableReason =
    "CALENDAR_UNREADABLE";
// ErrorInfo reason of two files in one directory describing the same year.
inline constexpr absl::string_view kCalendarDuplicateYearReason =
    "CALENDAR_DUPLICATE_YEAR";

// Parses `text` (protobuf text format; unknown fields refused) and validates it
// with ValidateCalendarYear. Errors: INVALID_ARGUMENT with reason
// kCalendarParseErrorReason (message gives 1-based line and column), or the
// validation error.
absl::StatusOr<jining::opendata::v1::CalendarYear> ParseCalendarYearText(
    absl::string_view text);

// Reads and parses the file at `path` as ParseCalendarYearText does; every
// error message is prefixed with `path`, details unchanged. A file that cannot
// be opened or read is NOT_FOUND with reason kCalendarUnreadableReason.
absl::StatusOr<jining::opendata::v1::CalendarYear> ReadCalendarYearFile(
    const std::string& path);

// Reads every regular file named *.textproto in `dir` (not recursive), sorted
// by year. The first error of any file is returned; two files with the same
// year are INVALID_ARGUMENT with reason kCalendarDuplicateYearReason. A
// directory that cannot be listed is NOT_FOUND with reason
// kCalendarUnreadableReason. An empty directory yields an empty vector.
absl::StatusOr<std::vector<jining::opendata::v1::CalendarYear>> ReadCalendarDir(
    const std::string& dir);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CALENDAR_CALENDAR_FILE_H_
