// The unopened-data demand aggregate (stream "demand/<id>", Art. 18, annex 7)
// and the public call aggregate (stream "demand-call/<id>"), their stream ids,
// clock ids and pure folds. The state each decider reads is also the view the
// demand projection serves, so both are one fold. Plain value types; not
// thread-safe (each command folds its own copy).
#ifndef OPENDATA_ENGINE_DEMANDS_DEMAND_STATE_H_
#define OPENDATA_ENGINE_DEMANDS_DEMAND_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/deadlines/deadline_book.h"
#include "jining/opendata/v1/demands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Stream id prefixes.
inline constexpr char kDemandStreamPrefix[] = "demand/";
inline constexpr char kDemandCallStreamPrefix[] = "demand-call/";

// "demand/<id>".
std::string DemandStream(absl::string_view demand_id);

// "demand-call/<id>".
std::string DemandCallStream(absl::string_view call_id);

// INVALID_ARGUMENT (DEMAND_ID_INVALID) unless `id` is 3-64 characters of
// [a-z0-9-] starting with a letter.
absl::Status ValidateDemandId(absl::string_view id, absl::string_view field);

// INVALID_ARGUMENT (DEMAND_CALL_ID_INVALID), same shape as a demand id.
absl::Status ValidateDemandCallId(absl::string_view id,
                                  absl::string_view field);

// Clock ids (kind:demand id).
std::string DemandFormalReviewDeadlineId(absl::string_view demand_id);
std::string DemandAnswerDeadlineId(absl::string_view demand_id);
std::string DemandOpeningDeadlineId(absl::string_view demand_id);

// True while a demand can still change (not in a final state).
bool IsOpenDemand(jining::opendata::v1::DemandState state);

struct DemandAggregate {
  // Stream version; 0 means nothing was submitted.
  int64_t version = 0;
  jining::opendata::v1::Demand demand;
  // The demand's clocks.
  DeadlineBook deadlines;

  bool exists() const { return version > 0; }
};

// Applies one event of a demand stream; other events are ignored.
void Evolve(DemandAggregate& state,
            const jining::opendata::v1::EventEnvelope& event);

struct DemandCallAggregate {
  // Stream version; 0 means the call was never opened.
  int64_t version = 0;
  jining::opendata::v1::DemandCall call;

  bool exists() const { return version > 0; }
};

// Applies one event of a call stream; other events are ignored.
void Evolve(DemandCallAggregate& state,
            const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_DEMANDS_DEMAND_STATE_H_
