// Client side of the end-to-end tests: a connected channel to a server process,
// bearer tokens signed with the server's key file at the real time, and call
// contexts carrying them with a deadline. Thread-safety: pure functions; safe
// from any thread.
#ifndef OPENDATA_TESTS_E2E_CLIENT_UTIL_H_
#define OPENDATA_TESTS_E2E_CLIENT_UTIL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace opendata::e2e {

// Who a token speaks for.
struct Principal {
  std::string subject;
  std::string role;  // PROVIDER, REVIEWER, ...
  std::string organization;
  std::string level;  // CITY or COUNTY
  std::string region;
};

// A channel to `address`, once connected (at most `timeout`).
absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect(
    const std::string& address, absl::Duration timeout = absl::Seconds(10));

// "Bearer <jwt>" for `who`, signed with the key in `key_file`, valid for an
// hour from now.
absl::StatusOr<std::string> MintBearer(const std::string& key_file,
                                       const Principal& who);

// A context with "authorization: <bearer>" (none if empty) and a deadline
// `timeout` from now.
std::unique_ptr<grpc::ClientContext> NewContext(
    const std::string& bearer, absl::Duration timeout = absl::Seconds(10));

}  // namespace opendata::e2e

#endif  // OPENDATA_TESTS_E2E_CLIENT_UTIL_H_
