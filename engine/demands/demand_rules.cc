// Implementation of demand_rules.h.
#include "engine/demands/demand_rules.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/time_util.h"
#include "engine/applications/application_rules.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/organizations/organization_state.h"
#include "engine/personal_info/personal_data_cipher.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Adds a violation unless `text` has between `min` and `max` characters.
void Length(std::vector<FieldViolation>& out, absl::string_view text,
            const std::string& field, size_t min, size_t max) {
  const size_t n = Utf8Length(text);
  if (n < min || n > max) {
    out.push_back({field, absl::StrCat(min, "-", max, " characters")});
  }
}

// Adds violations for a list of 1-`max_items` texts of 1-`max_chars` each.
void TextList(std::vector<FieldViolation>& out,
              const google::protobuf::RepeatedPtrField<std::string>& items,
              const std::string& field, int max_items, size_t max_chars) {
  if (items.empty() || items.size() > max_items) {
    out.push_back({field, absl::StrCat("1-", max_items, " items")});
  }
  for (int i = 0; i < items.size(); ++i) {
    Length(out, items[i], absl::StrCat(field, "[", i, "]"), 1, max_chars);
  }
}

}  // namespace

bool IsDemandPhone(absl::string_view phone) {
  if (phone.size() < 5 || phone.size() > 20) return false;
  for (char c : phone) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '+' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

bool IsDemandEmail(absl::string_view email) {
  if (email.empty() || email.size() > 254) return false;
  for (char c : email) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  const size_t at = email.find('@');
  if (at == 0 || at == absl::string_view::npos ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  const absl::string_view domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  return dot != absl::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

std::vector<FieldViolation> DemandFormViolations(const pb::DemandForm& form,
                                                 absl::CivilDay today) {
  std::vector<FieldViolation> out;
  Length(out, form.resource_name(), "form.resource_name", 1, 100);
  if (form.service_mode() == pb::SERVICE_MODE_UNSPECIFIED) {
    out.push_back({"form.service_mode", "required"});
  }
  if (!form.owning_department().empty() &&
      !ValidateOrganizationId(form.owning_department(), "").ok()) {
    out.push_back({"form.owning_department",
                   "empty, or 1-64 characters of [A-Za-z0-9._-]"});
  }
  TextList(out, form.data_items(), "form.data_items", kMaxDemandDataItems, 100);
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
  // A sealed personal value (personal_info/personal_data_cipher.h) was
  // validated as plaintext before the pipeline sealed it.
  if (!IsSealedValue(form.phone()) && !IsDemandPhone(form.phone())) {
    out.push_back({"form.phone", "5-20 characters of digits, + and -"});
  }
  if (!IsSealedValue(form.email()) && !IsDemandEmail(form.email())) {
    out.push_back({"form.email", "an e-mail address local@domain.tld"});
  }
  Length(out, form.reason(), "form.reason", 1, 2000);
  const std::optional<absl::CivilDay> start =
      ParseIsoDay(form.use_start_date());
  const std::optional<absl::CivilDay> end = ParseIsoDay(form.use_end_date());
  if (!start.has_value()) out.push_back({"form.use_start_date", "ISO date"});
  if (!end.has_value()) {
    out.push_back({"form.use_end_date", "ISO date"});
  } else if (start.has_value() && *end < *start) {
    out.push_back({"form.use_end_date", "not before use_start_date"});
  } else if (*end < today) {
    out.push_back({"form.use_end_date", "not in the past"});
  }
  TextList(out, form.scenarios(), "form.scenarios", kMaxDemandScenarios,
           kMaxDemandText);
  return out;
}

std::vector<FieldViolation> DefectViolations(
    const google::protobuf::RepeatedPtrField<pb::DemandDefect>& defects,
    absl::string_view remark) {
  std::vector<FieldViolation> out;
  if (defects.empty() || defects.size() > kMaxDemandDefects) {
    out.push_back(
        {"defects", absl::StrCat("1-", kMaxDemandDefects, " defects")});
  }
  for (int i = 0; i < defects.size(); ++i) {
    const std::string at = absl::StrCat("defects[", i, "]");
    if (defects[i].kind() == pb::DEMAND_DEFECT_KIND_UNSPECIFIED) {
      out.push_back({at + ".kind", "required"});
    }
    Length(out, defects[i].field(), at + ".field", 0, 100);
    Length(out, defects[i].text(), at + ".text", 1, kMaxDemandText);
  }
  Length(out, remark, "remark", 0, kMaxDemandText);
  return out;
}

std::vector<FieldViolation> AnswerViolations(const pb::AnswerDemand& answer) {
  std::vector<FieldViolation> out;
  switch (answer.answer()) {
    case pb::DEMAND_ANSWER_OPENABLE:
      if (!answer.reasons().empty()) {
        out.push_back({"reasons", "only for NOT_OPENABLE"});
      }
      if (!answer.planned_catalog_entry_id().empty() &&
          !ValidateCatalogEntryId(answer.planned_catalog_entry_id(), "").ok()) {
        out.push_back({"planned_catalog_entry_id", "a catalog entry id"});
      }
      break;
    case pb::DEMAND_ANSWER_NOT_OPENABLE:
      if (!answer.planned_catalog_entry_id().empty()) {
        out.push_back({"planned_catalog_entry_id", "only for OPENABLE"});
      }
      if (answer.reasons().empty() ||
          answer.reasons().size() > kMaxDemandRefusalReasons) {
        out.push_back({"reasons", absl::StrCat("1-", kMaxDemandRefusalReasons,
                                               " reasons")});
      }
      for (int i = 0; i < answer.reasons().size(); ++i) {
        const std::string at = absl::StrCat("reasons[", i, "]");
        if (answer.reasons(i).kind() == pb::DEMAND_REFUSAL_KIND_UNSPECIFIED) {
          out.push_back({at + ".kind", "required"});
        }
        Length(out, answer.reasons(i).text(), at + ".text", 1, kMaxDemandText);
      }
      break;
    default:
      out.push_back({"answer", "required"});
  }
  return out;
}

std::vector<FieldViolation> CallViolations(const pb::OpenDemandCall& call,
                                           absl::Time now) {
  std::vector<FieldViolation> out;
  Length(out, call.title(), "title", 1, 100);
  Length(out, call.description(), "description", 1, 2000);
  TextList(out, call.domains(), "domains", kMaxDemandCallDomains, 50);
  if (!call.has_start_time()) out.push_back({"start_time", "required"});
  if (!call.has_end_time()) {
    out.push_back({"end_time", "required"});
  } else if (FromProto(call.end_time()) < now) {
    out.push_back({"end_time", "not in the past"});
  }
  if (call.has_start_time() && call.has_end_time() &&
      FromProto(call.end_time()) <= FromProto(call.start_time())) {
    out.push_back({"end_time", "after start_time"});
  }
  return out;
}

}  // namespace opendata
