// SupervisionQueries: the supervision figures of Art. 22 (the periodic
// bulletin, 通报) for a scope (city, region, provider) and a period
// [period_start, period_end), computed at query time from the supervision
// projection's per-stream rows (supervision_projection.h): the facts of the
// period, every entry's state history, and the clocks started before the
// period's end. Nothing is a shared counter. Who may ask:
//   - auditors, operators and the city reviewer: any scope;
//   - a county reviewer: its own region, or a provider (counting only the
//     provider's items recorded in the reviewer's region); CITY or another
//     region: PERMISSION_DENIED OUTSIDE_JURISDICTION;
//   - a provider: its own organisation only (NOT_ENTRY_OWNER for another,
//     ROLE_NOT_ALLOWED for a city or region scope);
//   - users and the platform: PERMISSION_DENIED ROLE_NOT_ALLOWED.
// Bad requests: INVALID_ARGUMENT STATISTICS_REQUEST_INVALID naming each field.
// Thread-safety: const reads of the store; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_SUPERVISION_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_SUPERVISION_QUERIES_H_

#include "absl/status/statusor.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/supervision.pb.h"
#include "storage/event_store.h"

namespace opendata {

// Longest period a request may cover (5 years of 365.25 days, rounded up).
inline constexpr int kMaxSupervisionPeriodDays = 1827;

class SupervisionQueries {
 public:
  explicit SupervisionQueries(EventStore* store) : store_(store) {}

  // The figures of the request's scope and period.
  absl::StatusOr<jining::opendata::v1::SupervisionStatistics> Get(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::GetSupervisionStatisticsRequest& request)
      const;

  // The same figures as a CSV file, one row per provider or region of the
  // scope (supervision_csv.h).
  absl::StatusOr<jining::opendata::v1::ExportSupervisionStatisticsResponse>
  Export(const jining::opendata::v1::Actor& actor,
         const jining::opendata::v1::ExportSupervisionStatisticsRequest&
             request) const;

 private:
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_SUPERVISION_QUERIES_H_
