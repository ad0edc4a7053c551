// CreditRegistry: the answer to "is this party on a dishonesty list"
// (失信被执行人名单 / 严重违法失信企业名单, Art. 16), asked by the service
// edge when an application is submitted; the answer goes into the command
// and the event, so replay never asks again. LocalCreditRegistry, the
// default, answers from the listings operators record with
// AdminService.SetCreditListing (streams "credit-registry/<party>").
// Thread-safety: implementations must be safe to call concurrently;
// LocalCreditRegistry is (the store is).
#ifndef OPENDATA_SERVICES_CREDIT_REGISTRY_H_
#define OPENDATA_SERVICES_CREDIT_REGISTRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/common.pb.h"
#include "storage/event_store.h"

namespace opendata {

class CreditRegistry {
 public:
  virtual ~CreditRegistry() = default;

  // The answer for `parties` (a subject, and an organisation code for legal
  // persons), asked at `now`: listed if any party is.
  virtual absl::StatusOr<jining::opendata::v1::CreditCheck> Check(
      const std::vector<std::string>& parties, absl::Time now) const = 0;
};

// The parties an applicant is checked as: its subject, and its organisation
// for a legal person.
std::vector<std::string> CreditParties(
    const jining::opendata::v1::Actor& actor);

class LocalCreditRegistry final : public CreditRegistry {
 public:
  // CreditCheck.source of its answers.
  static constexpr char kSource[] = "local-registry";

  // `store` must outlive this object.
  explicit LocalCreditRegistry(EventStore* store) : store_(store) {}

  absl::StatusOr<jining::opendata::v1::CreditCheck> Check(
      const std::vector<std::string>& parties, absl::Time now) const override;

  // A party's listing row; listed false and no history if never listed.
  absl::StatusOr<jining::opendata::v1::CreditListing> Listing(
      const std::string& party) const;

 private:
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_CREDIT_REGISTRY_H_
