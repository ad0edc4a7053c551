// Calendar schedules for the service tests: a made-up 2027 schedule (the State
// Council has not published the real one), and a helper that drops one make-up
// working day from a schedule (a "correction"). Thread-safety: pure functions;
// safe from any thread.
#ifndef OPENDATA_TESTS_SERVICES_CALENDAR_SAMPLES_H_
#define OPENDATA_TESTS_SERVICES_CALENDAR_SAMPLES_H_

#include <string>

#include "jining/opendata/v1/common.pb.h"

namespace opendata::testing {

// A made-up 2027 schedule, for tests only: New Year Fri 1 - Sun 3 Jan; Spring
// Festival Sat 6 - Sun 14 Feb, working Sun 31 Jan and Sat 20 Feb.
jining::opendata::v1::CalendarYear Hypothetical2027();

// `year` without the make-up working day `date` (which it must list) and with
// `source` as its source.
jining::opendata::v1::CalendarYear WithoutMakeupDay(
    const jining::opendata::v1::CalendarYear& year, const std::string& date,
    const std::string& source);

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_CALENDAR_SAMPLES_H_
