// The application projection: lays out a folded application and a credit
// registry listing (application_state.h) as rows. Pure functions; safe from
// any thread. Key parts that come from tokens (subjects) are escaped
// (KeyPart) so that they never contain "/".
//
// Rows:
//   applications/app/<id>                         -> Application
//   applications/by-user/<subject>/<id>           -> ""
//   applications/by-provider/<org>/<id>           -> ""
//   applications/by-region/<region>/<id>          -> ""
//   applications/by-entry/<entry>/<id>            -> applicant subject
//     (every state but WITHDRAWN: a user who retracted its application no
//     longer counts as having applied, e.g. for the takedown notification of
//     Art. 14; a refused or failed application still does)
//   applications/grant/<subject>/<entry>/<mode 2 digits>/<id> -> AccessGrant
//     (once granted, in every later state)
//   credit/listing/<party>                        -> CreditListing
#ifndef OPENDATA_ENGINE_PROJECTIONS_APPLICATION_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_APPLICATION_PROJECTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/applications/application_state.h"
#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

inline constexpr char kApplicationRowPrefix[] = "applications/app/";
inline constexpr char kApplicationByUserPrefix[] = "applications/by-user/";
inline constexpr char kApplicationByProviderPrefix[] =
    "applications/by-provider/";
inline constexpr char kApplicationByRegionPrefix[] = "applications/by-region/";
inline constexpr char kApplicationByEntryPrefix[] = "applications/by-entry/";
inline constexpr char kGrantRowPrefix[] = "applications/grant/";
inline constexpr char kCreditListingRowPrefix[] = "credit/listing/";

// `text` with "%", "/" and bytes outside printable ASCII percent-encoded.
std::string KeyPart(absl::string_view text);

// Key of an application's row.
std::string ApplicationRowKey(absl::string_view application_id);

// Prefix of a user's grants for one entry and mode ("" entry: all entries).
std::string GrantRowPrefix(absl::string_view subject,
                           absl::string_view catalog_entry_id,
                           jining::opendata::v1::ServiceMode mode);

// Prefix of all of a user's grants.
std::string UserGrantsPrefix(absl::string_view subject);

// Prefix of the by-entry rows of one entry's applications.
std::string ApplicationsOfEntryPrefix(absl::string_view catalog_entry_id);

// Key of a party's credit listing row.
std::string CreditListingRowKey(absl::string_view party_id);

// Rows of an application (none before submission).
ProjectionRows ApplicationRows(const ApplicationAggregate& state);

// Rows of a credit listing (none before the first listing).
ProjectionRows CreditListingRows(const CreditRegistryAggregate& state);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_APPLICATION_PROJECTION_H_
