// A rich log for the projection rebuild tests: one run of the pipeline that
// touches every stream kind and every projection family — published catalog
// entries with their deadlines, releases, a quality assessment, open-list
// intervals and an objection; the calendar; an annual plan and the city plan;
// organisation profiles; a conditional application with its grant; a credit
// listing; a listed data product; a public call for demands and a demand; and
// a scheduler run that marks deadlines overdue. Not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_RICH_LOG_H_
#define OPENDATA_TESTS_ENGINE_RICH_LOG_H_

#include "tests/engine/deadline_support.h"

namespace opendata::engine_test {

// Where a rich log's harness starts its clock.
absl::Time RichLogStart();

// Records the whole rich log through `h` (REQUIREs every command to succeed).
// Moves the clock forward to 2026-06-01.
void RecordRichLog(DeadlineHarness& h);

// The demand part (rich_log_demands.cc, apart so that the demand helpers'
// names, e.g. Owner() and Submit(), need no qualification beside the
// application helpers'): a call, a demand in it, its formal review passed, at
// 2026-03-02/03.
void RecordDemands(DeadlineHarness& h);

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_RICH_LOG_H_
