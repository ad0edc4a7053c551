// Implementation of calendar_file.h. Stateless; safe from any thread.
#include "engine/calendar/calendar_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/calendar/calendar_year.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace opendata {
namespace {

using ::jining::opendata::v1::CalendarYear;

// Collects the text-format parser's errors as "line L column C: message"
// (1-based).
class ErrorList : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(
        absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message));
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

// `status` with its message prefixed by "`path`: " and every payload (rich
// details) kept.
absl::Status WithPath(const absl::Status& status, absl::string_view path) {
  absl::Status out(status.code(), absl::StrCat(path, ": ", status.message()));
  status.ForEachPayload(
      [&out](absl::string_view url, const absl::Cord& payload) {
        out.SetPayload(url, payload);
      });
  return out;
}

absl::Status Unreadable(absl::string_view what, absl::string_view path,
                        absl::string_view why) {
  return MakeError(absl::StatusCode::kNotFound, kCalendarUnreadableReason,
                   absl::StrCat("cannot read ", what, " ", path, ": ", why),
                   {{"path", std::string(path)}});
}

}  // namespace

absl::StatusOr<CalendarYear> ParseCalendarYearText(absl::string_view text) {
  google::protobuf::TextFormat::Parser parser;
  ErrorList errors;
  parser.RecordErrorsTo(&errors);
  CalendarYear year;
  if (!parser.ParseFromString(std::string(text), &year)) {
    return MakeError(absl::StatusCode::kInvalidArgument,
                     kCalendarParseErrorReason,
                     absl::StrCat("not a CalendarYear text proto: ",
                                  absl::StrJoin(errors.errors(), "; ")));
  }
  RETURN_IF_ERROR(ValidateCalendarYear(year));
  return year;
}

absl::StatusOr<CalendarYear> ReadCalendarYearFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Unreadable("file", path, "cannot open");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) return Unreadable("file", path, "read failed");
  absl::StatusOr<CalendarYear> year = ParseCalendarYearText(text);
  if (!year.ok()) return WithPath(year.status(), path);
  return year;
}

absl::StatusOr<std::vector<CalendarYear>> ReadCalendarDir(
    const std::string& dir) {
  std::error_code error;
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::directory_iterator it(dir, error), end;
       !error && it != end; it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error) &&
        it->path().extension() == ".textproto") {
      paths.push_back(it->path());
    }
  }
  if (error) return Unreadable("directory", dir, error.message());
  std::sort(paths.begin(), paths.end());

  std::map<int, std::pair<std::string, CalendarYear>> by_year;
  for (const std::filesystem::path& path : paths) {
    ASSIGN_OR_RETURN(CalendarYear year, ReadCalendarYearFile(path.string()));
    const int number = year.year();
    auto [it, inserted] =
        by_year.try_emplace(number, path.string(), std::move(year));
    if (!inserted) {
      return MakeError(
          absl::StatusCode::kInvalidArgument, kCalendarDuplicateYearReason,
          absl::StrCat(path.string(), ": year ", number,
                       " is already defined by ", it->second.first),
          {{"year", absl::StrCat(number)}, {"path", path.string()}});
    }
  }
  std::vector<CalendarYear> out;
  out.reserve(by_year.size());
  for (auto& entry : by_year) out.push_back(std::move(entry.second.second));
  return out;
}

}  // namespace opendata
