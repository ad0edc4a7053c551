// Reads of unopened-data demands and public calls (Art. 18), from the demand
// projection rows. A demand is visible to its requester, to providers of the
// organisation it was forwarded to, to reviewers with jurisdiction over its
// region (the city reviewer: all), and to auditors and operators; anyone else
// gets NOT_FOUND (DEMAND_NOT_FOUND), as if it did not exist. Public calls are
// visible to every authenticated caller. Thread-safety: safe to call
// concurrently (the store is).
#ifndef OPENDATA_ENGINE_QUERY_DEMAND_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_DEMAND_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/demands.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct DemandPage {
  std::vector<jining::opendata::v1::Demand> demands;
  std::string next_page_token;
};

struct DemandCallPage {
  std::vector<jining::opendata::v1::DemandCall> calls;
  std::string next_page_token;
};

class DemandQueries {
 public:
  // `store` must outlive this object.
  // With a `cipher` (which must outlive this object too), the form's sealed
  // phone and e-mail are opened: in clear for the requester, the provider it
  // was forwarded to and reviewers with jurisdiction, masked for auditors and
  // operators, "[erased]" for everyone once the requester's key was shredded.
  explicit DemandQueries(EventStore* store,
                         const PersonalDataCipher* cipher = nullptr)
      : store_(store), cipher_(cipher) {}

  // One demand, if `actor` may see it.
  absl::StatusOr<jining::opendata::v1::Demand> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& demand_id) const;

  // A USER's own demands, by id (PERMISSION_DENIED ROLE_NOT_ALLOWED for other
  // roles).
  absl::StatusOr<DemandPage> ListOwn(const jining::opendata::v1::Actor& actor,
                                     int page_size,
                                     const std::string& page_token) const;

  // A REVIEWER's queue: the demands of its region (the city reviewer: all),
  // open ones first, then by id (ROLE_NOT_ALLOWED for other roles).
  absl::StatusOr<DemandPage> ListQueue(const jining::opendata::v1::Actor& actor,
                                       int page_size,
                                       const std::string& page_token) const;

  // A PROVIDER's demands: those forwarded to its organisation, open ones
  // first, then by id (ROLE_NOT_ALLOWED for other roles).
  absl::StatusOr<DemandPage> ListForwarded(
      const jining::opendata::v1::Actor& actor, int page_size,
      const std::string& page_token) const;

  // One public call with its demand count and whether it accepts demands at
  // `now`. NOT_FOUND (DEMAND_CALL_NOT_FOUND).
  absl::StatusOr<jining::opendata::v1::DemandCall> GetCall(
      const std::string& call_id, absl::Time now) const;

  // Every public call, those accepting demands at `now` first, then by id.
  absl::StatusOr<DemandCallPage> ListCalls(absl::Time now, int page_size,
                                           const std::string& page_token) const;

 private:
  // A page of the demands named by the last key part of the rows under
  // `prefix`, keeping those `actor` may see.
  absl::StatusOr<DemandPage> Page(const jining::opendata::v1::Actor& actor,
                                  const std::string& prefix, int page_size,
                                  const std::string& page_token) const;
  // The call's demand count and acceptance at `now` filled in.
  absl::Status Complete(jining::opendata::v1::DemandCall& call,
                        absl::Time now) const;

  // Opens (or masks) `demand`'s contact for `actor`.
  absl::Status Reveal(const jining::opendata::v1::Actor& actor,
                      jining::opendata::v1::Demand& demand) const;

  EventStore* store_;
  const PersonalDataCipher* cipher_;
};

// True if `actor` may see `demand`.
bool MaySeeDemand(const jining::opendata::v1::Actor& actor,
                  const jining::opendata::v1::Demand& demand);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_DEMAND_QUERIES_H_
