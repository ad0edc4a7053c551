// Implementation of client_certificates.h.
// Thread-safety: see the header.
#include "services/auth/client_certificates.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "google/protobuf/text_format.h"
#include "services/auth/token_claims.h"

namespace opendata::auth {
namespace {

namespace pb = ::jining::opendata::v1;

constexpr absl::string_view kInvalid = "CLIENT_CERT_MAP_INVALID";

absl::Status BadEntry(int index, const std::string& subject,
                      absl::string_view field, absl::string_view why) {
  return InvalidArgument(
      kInvalid,
      {{absl::StrCat("entries[", index, "]", field.empty() ? "" : ".", field),
        absl::StrCat("entry for subject \"", subject, "\": ", why)}});
}

// The token_claims.h spelling of a role a certificate may carry, or "" for
// roles no certificate may carry.
absl::string_view CertificateRole(pb::Role role) {
  switch (role) {
    case pb::ROLE_PROVIDER:
      return kRoleProvider;
    case pb::ROLE_REVIEWER:
      return kRoleReviewer;
    case pb::ROLE_AUDITOR:
      return kRoleAuditor;
    case pb::ROLE_OPERATOR:
      return kRoleOperator;
    default:
      return "";
  }
}

absl::Status ValidateEntry(int index, const pb::ClientCertificateEntry& entry) {
  const pb::Actor& actor = entry.actor();
  const absl::string_view role = CertificateRole(actor.role());
  if (role.empty()) {
    return BadEntry(index, entry.subject(), "actor.role",
                    "must be ROLE_PROVIDER, ROLE_REVIEWER, ROLE_AUDITOR or "
                    "ROLE_OPERATOR (citizens never come by certificate)");
  }
  if (actor.level() != pb::LEVEL_CITY && actor.level() != pb::LEVEL_COUNTY) {
    return BadEntry(index, entry.subject(), "actor.level",
                    "must be LEVEL_CITY or LEVEL_COUNTY");
  }
  if (actor.auth_method() != pb::AUTH_METHOD_UNSPECIFIED ||
      actor.person_kind() != pb::PERSON_KIND_UNSPECIFIED ||
      actor.real_name_verified()) {
    return BadEntry(index, entry.subject(), "actor",
                    "auth_method, person_kind and real_name_verified must be "
                    "unset (the server records AUTH_METHOD_MTLS)");
  }
  // The same identity rules as a bearer token's claims.
  TokenClaims claims;
  claims.subject = actor.subject();
  claims.role = std::string(role);
  claims.organization = actor.organization();
  claims.level =
      std::string(actor.level() == pb::LEVEL_CITY ? kLevelCity : kLevelCounty);
  claims.region = actor.region();
  const absl::Status claim_values = ValidateClaimValues(claims);
  if (!claim_values.ok()) {
    // The message starts with the JWT claim name; name the Actor field.
    const absl::string_view message = claim_values.message();
    const absl::string_view claim = message.substr(0, message.find(' '));
    absl::string_view field = "actor";
    if (claim == kClaimSubject) field = "actor.subject";
    if (claim == kClaimOrganization) field = "actor.organization";
    if (claim == kClaimRegion) field = "actor.region";
    return BadEntry(index, entry.subject(), field, message);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateClientCertificateMapping(
    const pb::ClientCertificateMapping& mapping) {
  absl::flat_hash_map<std::string, int> seen;
  for (int i = 0; i < mapping.entries_size(); ++i) {
    const pb::ClientCertificateEntry& entry = mapping.entries(i);
    if (entry.subject().empty()) {
      return BadEntry(i, entry.subject(), "subject", "must not be empty");
    }
    auto [it, inserted] = seen.emplace(entry.subject(), i);
    if (!inserted) {
      return BadEntry(i, entry.subject(), "subject",
                      absl::StrCat("duplicates entries[", it->second, "]"));
    }
    const absl::Status valid = ValidateEntry(i, entry);
    if (!valid.ok()) return valid;
  }
  return absl::OkStatus();
}

absl::StatusOr<ClientCertificateMap> ClientCertificateMap::FromText(
    absl::string_view text) {
  pb::ClientCertificateMapping mapping;
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text),
                                                     &mapping)) {
    return MakeError(absl::StatusCode::kInvalidArgument,
                     "CLIENT_CERT_MAP_UNPARSABLE",
                     "not a jining.opendata.v1.ClientCertificateMapping in "
                     "protobuf text format");
  }
  const absl::Status valid = ValidateClientCertificateMapping(mapping);
  if (!valid.ok()) return valid;
  ClientCertificateMap map;
  for (const pb::ClientCertificateEntry& entry : mapping.entries()) {
    pb::Actor actor = entry.actor();
    actor.set_auth_method(pb::AUTH_METHOD_MTLS);
    map.actors_.emplace(entry.subject(), std::move(actor));
  }
  return map;
}

absl::StatusOr<ClientCertificateMap> ClientCertificateMap::Load(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "CLIENT_CERT_MAP_UNREADABLE",
                     absl::StrCat("cannot read client certificate map ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<ClientCertificateMap> map = FromText(text.str());
  if (!map.ok()) {
    absl::Status named(map.status().code(),
                       absl::StrCat(path, ": ", map.status().message()));
    map.status().ForEachPayload(
        [&](absl::string_view url, const absl::Cord& payload) {
          named.SetPayload(url, payload);
        });
    return named;
  }
  return map;
}

absl::StatusOr<pb::Actor> ClientCertificateMap::ActorFor(
    absl::string_view subject) const {
  auto it = actors_.find(subject);
  if (it == actors_.end()) {
    return MakeError(
        absl::StatusCode::kUnauthenticated, "CERTIFICATE_NOT_MAPPED",
        absl::StrCat("the client certificate \"", subject,
                     "\" is verified but not mapped to an actor "
                     "(opendata-server --client-cert-map); send a "
                     "bearer token or ask the operator to map it"));
  }
  return it->second;
}

}  // namespace opendata::auth
