// Implementation of organization_state.h.
#include "engine/organizations/organization_state.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string OrganizationStream(absl::string_view organization) {
  return absl::StrCat(kOrganizationStreamPrefix, organization);
}

absl::Status ValidateOrganizationId(absl::string_view organization,
                                    absl::string_view field) {
  bool ok = !organization.empty() && organization.size() <= 64;
  for (char c : organization) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                c == '-' || c == '_' || c == '.');
  }
  if (ok) return absl::OkStatus();
  return InvalidArgument(
      "ORGANIZATION_ID_INVALID",
      {{std::string(field), "1-64 characters of [A-Za-z0-9._-]"}});
}

void Evolve(OrganizationState& state, const pb::EventEnvelope& event) {
  state.version = event.stream_version();
  if (!event.payload().has_responsible_persons_set()) return;
  const auto& e = event.payload().responsible_persons_set();
  pb::OrganizationProfile& profile = state.profile;
  profile.set_organization(e.organization());
  profile.set_level(e.level());
  profile.set_region(e.region());
  *profile.mutable_responsible_persons() = e.persons();
  *profile.mutable_update_time() = event.occurred_at();
  profile.set_updated_by(event.actor().subject());
  profile.set_version(event.stream_version());
}

}  // namespace opendata
