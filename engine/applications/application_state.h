// The conditional application aggregate (stream "application/<id>", Art.
// 16-17, annex 5) and the local credit registry aggregate (stream
// "credit-registry/<party>", Art. 16), their stream ids, clock ids and pure
// folds. The state each decider reads is also the view the application
// projection serves, so both are one fold. Plain value types; not thread-safe
// (each command folds its own copy).
#ifndef OPENDATA_ENGINE_APPLICATIONS_APPLICATION_STATE_H_
#define OPENDATA_ENGINE_APPLICATIONS_APPLICATION_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/deadlines/deadline_book.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Stream id prefixes.
inline constexpr char kApplicationStreamPrefix[] = "application/";
inline constexpr char kCreditRegistryStreamPrefix[] = "credit-registry/";

// "application/<id>".
std::string ApplicationStream(absl::string_view application_id);

// "credit-registry/<party>".
std::string CreditRegistryStream(absl::string_view party_id);

// INVALID_ARGUMENT (APPLICATION_ID_INVALID) unless `id` is 3-64 characters of
// [a-z0-9-] starting with a letter.
absl::Status ValidateApplicationId(absl::string_view id,
                                   absl::string_view field);

// INVALID_ARGUMENT (CREDIT_LISTING_INVALID) unless `party` is 1-128
// characters of [A-Za-z0-9._@:-].
absl::Status ValidatePartyId(absl::string_view party, absl::string_view field);

// Clock ids (kind:subject[:occurrence]).
std::string FormalReviewDeadlineId(absl::string_view application_id);
std::string ProviderReviewDeadlineId(absl::string_view application_id);
// `period` is 1 for the first use period, n+1 after the n-th renewal.
std::string AgreementEndDeadlineId(absl::string_view application_id,
                                   int period);
std::string DestructionDeadlineId(absl::string_view application_id);
std::string ResultReportDeadlineId(absl::string_view application_id);

struct ApplicationAggregate {
  // Stream version; 0 means nothing was submitted.
  int64_t version = 0;
  jining::opendata::v1::Application application;
  // The application's clocks.
  DeadlineBook deadlines;

  bool exists() const { return version > 0; }
};

// Applies one event of an application stream; other events are ignored.
void Evolve(ApplicationAggregate& state,
            const jining::opendata::v1::EventEnvelope& event);

struct CreditRegistryAggregate {
  // Stream version; 0 means the party was never listed.
  int64_t version = 0;
  jining::opendata::v1::CreditListing listing;
};

// Applies one event of a credit registry stream; other events are ignored.
void Evolve(CreditRegistryAggregate& state,
            const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_APPLICATIONS_APPLICATION_STATE_H_
