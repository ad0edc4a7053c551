// ClientCertificateMap: which organisation actor a verified TLS client
// certificate acts as (mutual TLS for system-to-system callers), loaded from
// the protobuf text file of opendata-server --client-cert-map
// (jining.opendata.v1.ClientCertificateMapping) and checked at load. Free of
// gRPC: the caller passes the subject gRPC verified (services/
// transport_security.h reads it from the call). Thread-safety: immutable after
// construction; ActorFor may be called concurrently.
#ifndef OPENDATA_SERVICES_AUTH_CLIENT_CERTIFICATES_H_
#define OPENDATA_SERVICES_AUTH_CLIENT_CERTIFICATES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/server_config.pb.h"

namespace opendata::auth {

// Checks every entry: subject not empty and unique; actor.subject and
// actor.organization not empty; actor.role PROVIDER, REVIEWER, AUDITOR or
// OPERATOR (never USER or SYSTEM); level CITY with a 4-digit region or COUNTY
// with a 6-digit region (as for token claims); auth_method, person_kind and
// real_name_verified unset. INVALID_ARGUMENT, reason CLIENT_CERT_MAP_INVALID,
// with a field violation naming the entry (e.g. "entries[2].actor.role") and
// its subject.
absl::Status ValidateClientCertificateMapping(
    const jining::opendata::v1::ClientCertificateMapping& mapping);

class ClientCertificateMap {
 public:
  // An empty map: every certificate is unmapped.
  ClientCertificateMap() = default;

  // Parses protobuf text and validates it (see above). INVALID_ARGUMENT with
  // reason CLIENT_CERT_MAP_UNPARSABLE if the text does not parse.
  static absl::StatusOr<ClientCertificateMap> FromText(absl::string_view text);

  // Reads `path` and calls FromText; FAILED_PRECONDITION with reason
  // CLIENT_CERT_MAP_UNREADABLE if the file cannot be read. Error messages name
  // the file.
  static absl::StatusOr<ClientCertificateMap> Load(const std::string& path);

  // The actor of a verified certificate with `subject`, with auth_method
  // AUTH_METHOD_MTLS; UNAUTHENTICATED with reason CERTIFICATE_NOT_MAPPED if
  // no entry has that subject.
  absl::StatusOr<jining::opendata::v1::Actor> ActorFor(
      absl::string_view subject) const;

  size_t size() const { return actors_.size(); }

 private:
  absl::flat_hash_map<std::string, jining::opendata::v1::Actor> actors_;
};

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_CLIENT_CERTIFICATES_H_
