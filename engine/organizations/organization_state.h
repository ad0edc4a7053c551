// The organisation profile aggregate (stream "organization/<org>"): the named
// persons responsible for data opening (Art. 23), and its pure fold. The state
// the decider reads is also the view the organisation projection serves. Plain
// value type; not thread-safe (each command folds its own copy).
#ifndef OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_STATE_H_
#define OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/organizations.pb.h"

namespace opendata {

// Stream id prefix of organisation profiles.
inline constexpr char kOrganizationStreamPrefix[] = "organization/";

// Stream of an organisation's profile: "organization/<organization>".
std::string OrganizationStream(absl::string_view organization);

// INVALID_ARGUMENT (ORGANIZATION_ID_INVALID) unless `organization` is 1-64
// characters of [A-Za-z0-9._-] (it becomes part of stream ids and row keys).
absl::Status ValidateOrganizationId(absl::string_view organization,
                                    absl::string_view field);

struct OrganizationState {
  // Stream version; 0 means no profile yet.
  int64_t version = 0;
  jining::opendata::v1::OrganizationProfile profile;

  bool exists() const { return version > 0; }
};

// Applies one event of an organisation stream; other events are ignored.
void Evolve(OrganizationState& state,
            const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_STATE_H_
