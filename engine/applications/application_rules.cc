// Implementation of application_rules.h.
#include "engine/applications/application_rules.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/personal_info/personal_data_cipher.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr char kInvalid[] = "APPLICATION_INVALID";

// Adds a violation unless `text` has between `min` and `max` characters.
void Length(std::vector<FieldViolation>& out, absl::string_view text,
            const std::string& field, size_t min, size_t max) {
  const size_t n = Utf8Length(text);
  if (n < min || n > max) {
    out.push_back({field, absl::StrCat(min, "-", max, " characters")});
  }
}

bool IsPhone(absl::string_view phone) {
  if (phone.size() < 5 || phone.size() > 20) return false;
  for (char c : phone) {
    if (!absl::ascii_isdigit(c) && c != '+' && c != '-') return false;
  }
  return true;
}

bool IsSha256Hex(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

}  // namespace

std::optional<absl::CivilDay> ParseIsoDay(absl::string_view date) {
  absl::CivilDay day;
  if (!IsIsoDate(date) || !absl::ParseCivilTime(date, &day)) {
    return std::nullopt;
  }
  return day;
}

std::vector<FieldViolation> FormViolations(const pb::ApplicationForm& form,
                                           absl::CivilDay today,
                                           bool natural_person) {
  std::vector<FieldViolation> out;
  if (form.service_mode() == pb::SERVICE_MODE_UNSPECIFIED) {
    out.push_back({"form.service_mode", "required"});
  }
  Length(out, form.coverage().region_scope(), "form.coverage.region_scope", 1,
         200);
  const std::string& ts = form.coverage().time_start();
  const std::string& te = form.coverage().time_end();
  if (!ts.empty() && !IsIsoDate(ts)) {
    out.push_back({"form.coverage.time_start", "ISO date"});
  }
  if (!te.empty() && !IsIsoDate(te)) {
    out.push_back({"form.coverage.time_end", "ISO date"});
  }
  if (IsIsoDate(ts) && IsIsoDate(te) && te < ts) {
    out.push_back({"form.coverage.time_end", "not before time_start"});
  }
  const pb::ApplicantDetails& a = form.applicant();
  Length(out, a.name(), "form.applicant.name", 1, 100);
  // A sealed personal value (personal_info/personal_data_cipher.h) was
  // validated as plaintext before the pipeline sealed it.
  if (!IsSealedValue(a.contact())) {
    Length(out, a.contact(), "form.applicant.contact", 1, 50);
  }
  if (natural_person) {
    if (!IsSealedValue(a.id_number())) {
      Length(out, a.id_number(), "form.applicant.id_number", 1, 30);
    }
  } else if (!a.id_number().empty()) {
    out.push_back({"form.applicant.id_number", "only for natural persons"});
  }
  if (!IsSealedValue(a.phone()) && !IsPhone(a.phone())) {
    out.push_back(
        {"form.applicant.phone", "5-20 characters of digits, + and -"});
  }
  if (!IsSealedValue(a.address())) {
    Length(out, a.address(), "form.applicant.address", 1, 200);
  }
  Length(out, form.service_name(), "form.service_name", 1, 100);
  Length(out, form.service_domain(), "form.service_domain", 1, 50);
  const std::optional<absl::CivilDay> start =
      ParseIsoDay(form.use_start_date());
  const std::optional<absl::CivilDay> end = ParseIsoDay(form.use_end_date());
  if (!start.has_value()) {
    out.push_back({"form.use_start_date", "ISO date"});
  }
  if (!end.has_value()) {
    out.push_back({"form.use_end_date", "ISO date"});
  } else if (start.has_value() && *end < *start) {
    out.push_back({"form.use_end_date", "not before use_start_date"});
  } else if (*end < today) {
    out.push_back({"form.use_end_date", "not in the past"});
  }
  if (form.scenarios_size() < 1 ||
      form.scenarios_size() > kMaxApplicationScenarios) {
    out.push_back({"form.scenarios",
                   absl::StrCat("1-", kMaxApplicationScenarios, " scenarios")});
  }
  for (int i = 0; i < form.scenarios_size(); ++i) {
    Length(out, form.scenarios(i), absl::StrCat("form.scenarios[", i, "]"), 1,
           1000);
  }
  const pb::ServiceStandards& s = form.standards();
  Length(out, s.service_scope(), "form.standards.service_scope", 1, 1000);
  if (s.user_count() < 1) out.push_back({"form.standards.user_count", ">= 1"});
  if (s.concurrency() < 1) {
    out.push_back({"form.standards.concurrency", ">= 1"});
  }
  if (s.response_time_ms() < 1) {
    out.push_back({"form.standards.response_time_ms", ">= 1"});
  }
  Length(out, form.expected_benefits(), "form.expected_benefits", 1, 2000);
  if (!form.security_commitment_acknowledged()) {
    out.push_back({"form.security_commitment_acknowledged",
                   "the security commitment (annex 4) must be signed"});
  }
  if (form.proofs_size() > kMaxApplicationProofs) {
    out.push_back(
        {"form.proofs", absl::StrCat("at most ", kMaxApplicationProofs)});
  }
  for (int i = 0; i < form.proofs_size(); ++i) {
    const pb::ProofReference& p = form.proofs(i);
    const std::string path = absl::StrCat("form.proofs[", i, "]");
    Length(out, p.title(), path + ".title", 1, 200);
    if (!IsSha256Hex(p.sha256())) {
      out.push_back({path + ".sha256", "64 lowercase hex digits"});
    }
    Length(out, p.uri(), path + ".uri", 1, 2000);
  }
  for (int i = 0; i < form.condition_answers_size(); ++i) {
    Length(out, form.condition_answers(i).answer(),
           absl::StrCat("form.condition_answers[", i, "].answer"), 1, 2000);
  }
  return out;
}

absl::Status CheckConditionAnswers(
    const pb::ApplicationForm& form,
    const google::protobuf::RepeatedPtrField<pb::OpenCondition>& conditions) {
  std::vector<FieldViolation> bad;
  std::set<int> answered;
  for (int i = 0; i < form.condition_answers_size(); ++i) {
    const int index = form.condition_answers(i).condition_index();
    const std::string path =
        absl::StrCat("form.condition_answers[", i, "].condition_index");
    if (index < 0 || index >= conditions.size()) {
      bad.push_back({path, absl::StrCat("the entry has ", conditions.size(),
                                        " conditions")});
    } else if (!answered.insert(index).second) {
      bad.push_back({path, "condition answered twice"});
    }
  }
  if (!bad.empty()) return InvalidArgument(kInvalid, std::move(bad));
  std::vector<FieldViolation> missing;
  for (int i = 0; i < conditions.size(); ++i) {
    if (answered.count(i) > 0) continue;
    missing.push_back(
        {"form.condition_answers",
         absl::StrCat("condition ", i, " (",
                      pb::ConditionKind_Name(conditions[i].kind()), ": ",
                      conditions[i].description(), ") is not answered")});
  }
  if (!missing.empty()) {
    return InvalidArgument("CONDITION_ANSWER_MISSING", std::move(missing));
  }
  return absl::OkStatus();
}

absl::Status CheckRefusalReasons(
    const google::protobuf::RepeatedPtrField<pb::RefusalReason>& reasons,
    int condition_count) {
  std::vector<PreconditionViolation> unfair;
  std::vector<FieldViolation> bad;
  if (reasons.empty() || reasons.size() > kMaxApplicationRefusalReasons) {
    bad.push_back({"reasons", absl::StrCat("1-", kMaxApplicationRefusalReasons,
                                           " reasons")});
  }
  for (int i = 0; i < reasons.size(); ++i) {
    const pb::RefusalReason& r = reasons[i];
    const std::string path = absl::StrCat("reasons[", i, "]");
    switch (r.kind()) {
      case pb::REFUSAL_REASON_KIND_COMPANY_SIZE:
      case pb::REFUSAL_REASON_KIND_REGISTRATION_PLACE:
      case pb::REFUSAL_REASON_KIND_APPLICANT_TYPE:
        unfair.push_back(
            {"ART17_DISCRIMINATORY_REFUSAL", path + ".kind",
             absl::StrCat(pb::RefusalReasonKind_Name(r.kind()),
                          ": applications are not refused for company size, "
                          "registration place or applicant type")});
        break;
      case pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET:
        if (r.condition_index() < 0 || r.condition_index() >= condition_count)
          bad.push_back(
              {path + ".condition_index",
               absl::StrCat("the entry has ", condition_count, " conditions")});
        break;
      case pb::REFUSAL_REASON_KIND_OTHER:
        if (r.text().empty())
          bad.push_back({path + ".text", "required for OTHER"});
        break;
      case pb::REFUSAL_REASON_KIND_SCENARIO_NOT_COMPATIBLE:
      case pb::REFUSAL_REASON_KIND_SECURITY_CAPABILITY_INSUFFICIENT:
      case pb::REFUSAL_REASON_KIND_PROOF_INSUFFICIENT:
        break;
      default:
        bad.push_back({path + ".kind", "required"});
    }
    if (Utf8Length(r.text()) > kMaxApplicationReasonText) {
      bad.push_back(
          {path + ".text",
           absl::StrCat("at most ", kMaxApplicationReasonText, " characters")});
    }
  }
  if (!unfair.empty()) {
    return FailedPrecondition("ART17_DISCRIMINATORY_REFUSAL",
                              "refusal reasons must not discriminate (Art. 17)",
                              std::move(unfair));
  }
  if (!bad.empty()) return InvalidArgument(kInvalid, std::move(bad));
  return absl::OkStatus();
}

absl::Status RequireText(absl::string_view text, absl::string_view field,
                         size_t max) {
  const size_t n = Utf8Length(text);
  if (n >= 1 && n <= max) return absl::OkStatus();
  return InvalidArgument(
      kInvalid, {{std::string(field), absl::StrCat("1-", max, " characters")}});
}

}  // namespace opendata
