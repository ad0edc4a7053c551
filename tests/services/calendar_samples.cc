// Implementation of calendar_samples.h.
#include "tests/services/calendar_samples.h"

#include <catch2/catch.hpp>

namespace opendata::testing {

namespace pb = ::jining::opendata::v1;

pb::CalendarYear Hypothetical2027() {
  pb::CalendarYear year;
  year.set_year(2027);
  year.set_source("测试用假设安排（非国务院通知）");
  for (const char* day : {"2027-01-01", "2027-01-02", "2027-01-03"}) {
    year.add_holidays(day);
  }
  for (const char* day :
       {"2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
        "2027-02-11", "2027-02-12", "2027-02-13", "2027-02-14"}) {
    year.add_holidays(day);
  }
  year.add_makeup_workdays("2027-01-31");
  year.add_makeup_workdays("2027-02-20");
  return year;
}

pb::CalendarYear WithoutMakeupDay(const pb::CalendarYear& year,
                                  const std::string& date,
                                  const std::string& source) {
  pb::CalendarYear out = year;
  out.clear_makeup_workdays();
  bool found = false;
  for (const std::string& day : year.makeup_workdays()) {
    if (day == date) {
      found = true;
    } else {
      out.add_makeup_workdays(day);
    }
  }
  INFO("make-up day " << date);
  REQUIRE(found);
  out.set_source(source);
  return out;
}

}  // namespace opendata::testing
