// Implementation of application_projection.h.
#include "engine/projections/application_projection.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/proto_util.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string KeyPart(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '%' || c == '/' || c <= 0x20 || c >= 0x7f) {
      absl::StrAppendFormat(&out, "%%%02X", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string ApplicationRowKey(absl::string_view application_id) {
  return absl::StrCat(kApplicationRowPrefix, application_id);
}

std::string UserGrantsPrefix(absl::string_view subject) {
  return absl::StrCat(kGrantRowPrefix, KeyPart(subject), "/");
}

std::string GrantRowPrefix(absl::string_view subject,
                           absl::string_view catalog_entry_id,
                           pb::ServiceMode mode) {
  return absl::StrCat(UserGrantsPrefix(subject), catalog_entry_id, "/",
                      absl::StrFormat("%02d", static_cast<int>(mode)), "/");
}

std::string ApplicationsOfEntryPrefix(absl::string_view catalog_entry_id) {
  return absl::StrCat(kApplicationByEntryPrefix, KeyPart(catalog_entry_id),
                      "/");
}

std::string CreditListingRowKey(absl::string_view party_id) {
  return absl::StrCat(kCreditListingRowPrefix, party_id);
}

ProjectionRows ApplicationRows(const ApplicationAggregate& state) {
  ProjectionRows rows;
  const pb::Application& app = state.application;
  if (!state.exists() || app.application_id().empty()) return rows;
  const std::string& id = app.application_id();
  rows[ApplicationRowKey(id)] = SerializeDeterministic(app);
  rows[absl::StrCat(kApplicationByUserPrefix,
                    KeyPart(app.applicant().subject()), "/", id)] = "";
  rows[absl::StrCat(kApplicationByProviderPrefix,
                    app.entry().provider_organization(), "/", id)] = "";
  rows[absl::StrCat(kApplicationByRegionPrefix, app.entry().region(), "/",
                    id)] = "";
  if (app.state() != pb::APPLICATION_STATE_WITHDRAWN) {
    rows[ApplicationsOfEntryPrefix(app.entry().catalog_entry_id()) + id] =
        app.applicant().subject();
  }
  if (app.has_grant()) {
    const pb::AccessGrant& g = app.grant();
    rows[GrantRowPrefix(g.user_subject(), g.catalog_entry_id(),
                        g.service_mode()) +
         id] = SerializeDeterministic(g);
  }
  return rows;
}

ProjectionRows CreditListingRows(const CreditRegistryAggregate& state) {
  ProjectionRows rows;
  if (state.version == 0) return rows;
  rows[CreditListingRowKey(state.listing.party_id())] =
      SerializeDeterministic(state.listing);
  return rows;
}

}  // namespace opendata
