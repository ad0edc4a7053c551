// Field rules of conditional applications (annexes 3-5) and the fairness rule
// for refusals (Art. 17): pure checks that the application decider applies.
// Violations name fields only, never personal values. Pure functions; safe
// from any thread.
#ifndef OPENDATA_ENGINE_APPLICATIONS_APPLICATION_RULES_H_
#define OPENDATA_ENGINE_APPLICATIONS_APPLICATION_RULES_H_

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

// Limits.
inline constexpr int kMaxApplicationScenarios = 20;
inline constexpr int kMaxApplicationProofs = 20;
inline constexpr int kMaxApplicationDefects = 50;
inline constexpr int kMaxApplicationRefusalReasons = 20;
inline constexpr int kMaxApplicationReports = 200;
inline constexpr int kMaxApplicationReasonText = 1000;

// The civil day of an ISO date "YYYY-MM-DD"; nullopt if malformed.
std::optional<absl::CivilDay> ParseIsoDay(absl::string_view date);

// Every field violation of `form` (without the condition answers' coverage of
// the entry, see CheckConditionAnswers). `today` is the Asia/Shanghai day of
// the submission: the use period must not have ended. `natural_person`
// requires the ID number; a legal person must leave it empty.
std::vector<FieldViolation> FormViolations(
    const jining::opendata::v1::ApplicationForm& form, absl::CivilDay today,
    bool natural_person);

// INVALID_ARGUMENT: APPLICATION_INVALID for an answer to no condition or a
// second answer to one; CONDITION_ANSWER_MISSING naming every condition of
// `conditions` without an answer.
absl::Status CheckConditionAnswers(
    const jining::opendata::v1::ApplicationForm& form,
    const google::protobuf::RepeatedPtrField<
        jining::opendata::v1::OpenCondition>& conditions);

// The fairness rule and reason fields: FAILED_PRECONDITION
// ART17_DISCRIMINATORY_REFUSAL naming every reason based on company size,
// registration place or applicant type; INVALID_ARGUMENT APPLICATION_INVALID
// for 0 or more than kMaxApplicationRefusalReasons reasons, an UNSPECIFIED
// kind, a CONDITION_NOT_MET without a valid condition index, OTHER without
// text, or text over kMaxApplicationReasonText characters.
absl::Status CheckRefusalReasons(
    const google::protobuf::RepeatedPtrField<
        jining::opendata::v1::RefusalReason>& reasons,
    int condition_count);

// INVALID_ARGUMENT APPLICATION_INVALID unless `text` has 1-`max` characters.
absl::Status RequireText(absl::string_view text, absl::string_view field,
                         size_t max);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_APPLICATIONS_APPLICATION_RULES_H_
