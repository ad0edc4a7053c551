// Stream kinds and command routing: which aggregate a stream id names (by its
// prefix) and which stream a single-stream command acts on. The pipeline folds
// the stream into that kind's state and calls that kind's decider:
//   "catalog-entry/<id>"  catalog entry   DecideCatalog  (catalog_decider.h)
//   "plan/<year>/<org>"   provider plan   DecidePlan     (plan_decider.h)
//   "city-plan/<year>"    city plan       DecideCityPlan (plan_decider.h)
//   "organization/<org>"  org profile     DecideOrganization
//   "application/<id>"    application     DecideApplication
//                                         (application_decider.h)
//   "credit-registry/<party>" credit listing DecideCreditRegistry
//   "product/<id>"        data product   DecideProduct (product_decider.h)
//   "demand/<id>"         unopened-data demand DecideDemand
//   "demand-call/<id>"    public call for demands DecideDemandCall
//                                         (demand_decider.h)
//   "subject-key/<subject>" crypto-shredding DecideSubjectKey
//                                         (personal_info/subject_key_decider.h)
// MarkDeadlineOverdue names its stream; only kinds with clocks (catalog entry,
// city plan, application, demand) accept it. Pure functions; safe from any
// thread.
#ifndef OPENDATA_ENGINE_PIPELINE_STREAM_KINDS_H_
#define OPENDATA_ENGINE_PIPELINE_STREAM_KINDS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

enum class StreamKind {
  kCatalogEntry,
  kPlan,
  kCityPlan,
  kOrganization,
  kApplication,
  kCreditRegistry,
  kProduct,
  kDemand,
  kDemandCall,
  kSubjectKey
};

// The kind of `stream_id` if it is a well-formed stream of one of the kinds
// above; nullopt otherwise (including calendar streams, which only the
// calendar load writes).
std::optional<StreamKind> StreamKindOf(absl::string_view stream_id);

// The stream a single-stream command acts on. INVALID_ARGUMENT for malformed
// ids (CATALOG_ENTRY_ID_INVALID, ANNUAL_PLAN_INVALID, ORGANIZATION_ID_INVALID,
// APPLICATION_ID_INVALID, CREDIT_LISTING_INVALID, PRODUCT_ID_INVALID)
// APPLICATION_ID_INVALID, CREDIT_LISTING_INVALID, DEMAND_ID_INVALID,
// DEMAND_CALL_ID_INVALID, SUBJECT_KEY_SHRED_INVALID)
// or a MarkDeadlineOverdue naming a stream of no kind with clocks
// (COMMAND_INVALID).
absl::StatusOr<std::string> TargetStream(
    const jining::opendata::v1::Command& command);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PIPELINE_STREAM_KINDS_H_
