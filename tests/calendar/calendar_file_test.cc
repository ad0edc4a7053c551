// Tests of reading schedules from text protos: the shipped data files and
// broken files in a temporary directory. Single-threaded; each test case uses
// its own temporary directory.
#include "engine/calendar/calendar_file.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "common/errors.h"
#include "tests/calendar/test_util.h"

namespace opendata {
namespace {

using ::jining::opendata::v1::CalendarYear;
using ::opendata::testing::kDataDir;

// A fresh directory under the system temporary directory, removed with its
// contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "calendar_test_XXXXXX")
            .string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `name` in the directory and returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file) << text;
    return file;
  }

  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolations(status))
    out.push_back(v.field);
  return out;
}

TEST_CASE("the shipped data directory holds 2025 and 2026", "[calendar]") {
  const absl::StatusOr<std::vector<CalendarYear>> years =
      ReadCalendarDir(kDataDir);
  REQUIRE(years.ok());
  REQUIRE(years->size() == 2);
  CHECK((*years)[0].year() == 2025);
  CHECK((*years)[0].holidays_size() == 28);  // 1 + 8 + 3 + 5 + 3 + 8.
  CHECK((*years)[0].makeup_workdays_size() == 5);
  CHECK((*years)[0].source() == "国办发明电〔2024〕12号");
  CHECK((*years)[1].year() == 2026);
  CHECK((*years)[1].holidays_size() == 33);  // 3 + 9 + 3 + 5 + 3 + 3 + 7.
  CHECK((*years)[1].makeup_workdays_size() == 6);
  CHECK_FALSE((*years)[1].source().empty());
}

TEST_CASE("ReadCalendarYearFile reads one shipped file", "[calendar]") {
  const absl::StatusOr<CalendarYear> year =
      ReadCalendarYearFile(std::string(kDataDir) + "/cn-2026.textproto");
  REQUIRE(year.ok());
  CHECK(year->year() == 2026);
  CHECK(year->makeup_workdays(0) == "2026-01-04");
}

TEST_CASE("ReadCalendarYearFile errors", "[calendar]") {
  const TempDir dir;
  SECTION("missing file") {
    const auto year = ReadCalendarYearFile(dir.path() + "/absent.textproto");
    CHECK(year.status().code() == absl::StatusCode::kNotFound);
    CHECK(ErrorReason(year.status()) == "CALENDAR_UNREADABLE");
  }
  SECTION("syntax error, with its line") {
    const std::string path =
        dir.Write("bad.textproto", "year: 2026\nholidays: 2026-01-01\n");
    const auto year = ReadCalendarYearFile(path);
    INFO(year.status().ToString());
    CHECK(year.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(ErrorReason(year.status()) == "CALENDAR_PARSE_ERROR");
    CHECK_THAT(std::string(year.status().message()),
               Catch::Matchers::StartsWith(path + ": "));
    CHECK_THAT(std::string(year.status().message()),
               Catch::Matchers::Contains("line 2"));
  }
  SECTION("unknown field") {
    const auto year = ReadCalendarYearFile(
        dir.Write("unknown.textproto", "year: 2026\nweekends: 2\n"));
    CHECK(ErrorReason(year.status()) == "CALENDAR_PARSE_ERROR");
  }
  SECTION("invalid schedule keeps its field violations") {
    const std::string path =
        dir.Write("invalid.textproto",
                  "year: 2026\nholidays: \"2026-01-01\"\nmakeup_workdays: "
                  "\"2026-01-05\"\n");
    const auto year = ReadCalendarYearFile(path);
    CHECK(year.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(ErrorReason(year.status()) == "CALENDAR_INVALID");
    CHECK(Fields(year.status()) ==
          std::vector<std::string>{"makeup_workdays[0]"});
    CHECK_THAT(std::string(year.status().message()),
               Catch::Matchers::StartsWith(path + ": "));
  }
}

TEST_CASE("ReadCalendarDir", "[calendar]") {
  const TempDir dir;
  SECTION("sorted by year, other files ignored") {
    dir.Write("b.textproto", "year: 2025\n");
    dir.Write("a.textproto", "year: 2027\nholidays: \"2027-01-01\"\n");
    dir.Write("notes.txt", "not a schedule");
    dir.Write("c.textproto.bak", "year: 1\n");
    const auto years = ReadCalendarDir(dir.path());
    REQUIRE(years.ok());
    REQUIRE(years->size() == 2);
    CHECK((*years)[0].year() == 2025);
    CHECK((*years)[1].year() == 2027);
  }
  SECTION("empty directory") {
    const auto years = ReadCalendarDir(dir.path());
    REQUIRE(years.ok());
    CHECK(years->empty());
  }
  SECTION("two files for one year") {
    dir.Write("cn-2026.textproto", "year: 2026\n");
    dir.Write("cn-2026-revised.textproto", "year: 2026\n");
    const auto years = ReadCalendarDir(dir.path());
    CHECK(years.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(ErrorReason(years.status()) == "CALENDAR_DUPLICATE_YEAR");
    CHECK(ErrorMetadata(years.status())["year"] == "2026");
  }
  SECTION("one invalid file fails the directory") {
    dir.Write("cn-2026.textproto", "year: 2026\n");
    dir.Write("cn-2027.textproto", "year: 2027\nholidays: \"2026-12-31\"\n");
    const auto years = ReadCalendarDir(dir.path());
    CHECK(ErrorReason(years.status()) == "CALENDAR_INVALID");
    CHECK(Fields(years.status()) == std::vector<std::string>{"holidays[0]"});
  }
  SECTION("missing directory") {
    const auto years = ReadCalendarDir(dir.path() + "/absent");
    CHECK(years.status().code() == absl::StatusCode::kNotFound);
    CHECK(ErrorReason(years.status()) == "CALENDAR_UNREADABLE");
  }
}

}  // namespace
}  // namespace opendata
