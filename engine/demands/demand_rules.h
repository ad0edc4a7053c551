// Field rules of unopened-data demands and public calls (Art. 18, annex 7):
// pure checks that the demand deciders apply. Every check returns every
// violation (field paths only, never personal values). Pure functions; safe
// from any thread.
#ifndef OPENDATA_ENGINE_DEMANDS_DEMAND_RULES_H_
#define OPENDATA_ENGINE_DEMANDS_DEMAND_RULES_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "jining/opendata/v1/demands.pb.h"

namespace opendata {

// Limits.
inline constexpr int kMaxDemandDataItems = 50;
inline constexpr int kMaxDemandScenarios = 20;
inline constexpr int kMaxDemandDefects = 50;
inline constexpr int kMaxDemandRefusalReasons = 20;
inline constexpr int kMaxDemandCallDomains = 20;
inline constexpr size_t kMaxDemandText = 1000;

// True for 5-20 characters of digits, "+" and "-".
bool IsDemandPhone(absl::string_view phone);

// True for local@domain.tld: at most 254 printable ASCII characters without
// spaces, one "@", a dot inside the domain.
bool IsDemandEmail(absl::string_view email);

// Every violation of the form (paths "form.<field>"). `today` is the
// Asia/Shanghai day of the submission: the use period must not have ended.
std::vector<FieldViolation> DemandFormViolations(
    const jining::opendata::v1::DemandForm& form, absl::CivilDay today);

// Every violation of a failed formal review: 1-kMaxDemandDefects defects, each
// with a kind, a field of 0-100 characters and a text of 1-1000; a remark of
// 0-1000 characters.
std::vector<FieldViolation> DefectViolations(
    const google::protobuf::RepeatedPtrField<
        jining::opendata::v1::DemandDefect>& defects,
    absl::string_view remark);

// Every violation of an answer: a set answer; for OPENABLE no reasons and an
// optional well-formed catalog entry id; for NOT_OPENABLE
// 1-kMaxDemandRefusalReasons reasons, each with a kind and 1-1000 characters of
// text, and no entry id.
std::vector<FieldViolation> AnswerViolations(
    const jining::opendata::v1::AnswerDemand& answer);

// Every violation of a new call: title 1-100, description 1-2000, 1-20
// domains of 1-50 characters, both times set, end after start and not before
// `now`.
std::vector<FieldViolation> CallViolations(
    const jining::opendata::v1::OpenDemandCall& call, absl::Time now);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_DEMANDS_DEMAND_RULES_H_
