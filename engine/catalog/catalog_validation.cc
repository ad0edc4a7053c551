// Implementation of catalog_validation.h.
#include "engine/catalog/catalog_validation.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;

// Phrases that restrict by scale (规模性) or region (地域性). Matched
// case-insensitively for ASCII.
constexpr absl::string_view kDiscriminatoryPhrases[] = {"注册资本",
                                                        "注册资金",
                                                        "营业收入",
                                                        "营收",
                                                        "年收入",
                                                        "员工人数",
                                                        "职工人数",
                                                        "从业人数",
                                                        "企业规模",
                                                        "规模以上",
                                                        "大型企业",
                                                        "中型企业",
                                                        "纳税额",
                                                        "资产总额",
                                                        "上市公司",
                                                        "本地企业",
                                                        "本市企业",
                                                        "本地注册",
                                                        "注册地",
                                                        "属地",
                                                        "户籍",
                                                        "济宁市内",
                                                        "济宁本地",
                                                        "仅限济宁",
                                                        "限本地",
                                                        "外地企业",
                                                        "registered capital",
                                                        "annual revenue",
                                                        "number of employees",
                                                        "headcount",
                                                        "local companies",
                                                        "local only",
                                                        "registered in"};

class Violations {
 public:
  explicit Violations(absl::string_view prefix) : prefix_(prefix) {}
  void Add(absl::string_view field, absl::string_view what) {
    list_.push_back({absl::StrCat(prefix_, ".", field), std::string(what)});
  }
  void Length(absl::string_view field, absl::string_view value, size_t max) {
    if (Utf8Length(value) > max)
      Add(field, absl::StrCat("longer than ", max, " characters"));
    for (unsigned char c : value) {
      if (c < 0x20 && c != '\n' && c != '\t') {
        Add(field, "contains control characters");
        break;
      }
    }
  }
  void Date(absl::string_view field, absl::string_view value) {
    if (!value.empty() && !IsIsoDate(value))
      Add(field, "not an ISO date YYYY-MM-DD");
  }
  absl::Status Result() {
    if (list_.empty()) return absl::OkStatus();
    return InvalidArgument("CONTENT_INVALID", std::move(list_));
  }

 private:
  std::string prefix_;
  std::vector<FieldViolation> list_;
};

void CheckDictionary(const pb::CatalogEntryContent& c, Violations& v) {
  std::set<std::string> names;
  for (int i = 0; i < c.data_dictionary_size(); ++i) {
    const auto& f = c.data_dictionary(i);
    const std::string at = absl::StrCat("data_dictionary[", i, "]");
    if (f.name().empty()) v.Add(at + ".name", "required");
    v.Length(at + ".name", f.name(), 64);
    if (!f.name().empty() && !names.insert(f.name()).second)
      v.Add(at + ".name", "duplicate field name");
    if (!pb::FieldType_IsValid(f.type()) ||
        f.type() == pb::FIELD_TYPE_UNSPECIFIED) {
      v.Add(at + ".type", "required, one of the FieldType values");
    }
    v.Length(at + ".description", f.description(), 500);
  }
  std::set<std::string> ruled;
  for (int i = 0; i < c.desensitisation_rules_size(); ++i) {
    const auto& r = c.desensitisation_rules(i);
    const std::string at = absl::StrCat("desensitisation_rules[", i, "]");
    if (r.field_name().empty()) v.Add(at + ".field_name", "required");
    if (!r.field_name().empty() && !ruled.insert(r.field_name()).second) {
      v.Add(at + ".field_name", "a field has at most one rule");
    }
    if (!pb::DesensitisationMethod_IsValid(r.method()) ||
        r.method() == pb::DESENSITISATION_METHOD_UNSPECIFIED) {
      v.Add(at + ".method",
            "required, one of the DesensitisationMethod values");
    }
    v.Length(at + ".parameter", r.parameter(), 200);
  }
}

void CheckConditionsAndModes(const pb::CatalogEntryContent& c, Violations& v) {
  for (int i = 0; i < c.conditions_size(); ++i) {
    const auto& cond = c.conditions(i);
    const std::string at = absl::StrCat("conditions[", i, "]");
    if (!pb::ConditionKind_IsValid(cond.kind()) ||
        cond.kind() == pb::CONDITION_KIND_UNSPECIFIED) {
      v.Add(at + ".kind", "required, one of the ConditionKind values");
    }
    if (cond.description().empty()) v.Add(at + ".description", "required");
    v.Length(at + ".description", cond.description(), 500);
  }
  std::set<int> modes;
  for (int i = 0; i < c.service_modes_size(); ++i) {
    const int m = c.service_modes(i);
    const std::string at = absl::StrCat("service_modes[", i, "]");
    if (!pb::ServiceMode_IsValid(m) || m == pb::SERVICE_MODE_UNSPECIFIED) {
      v.Add(at, "one of the ServiceMode values");
    } else if (!modes.insert(m).second) {
      v.Add(at, "duplicate service mode");
    }
  }
}

}  // namespace

size_t Utf8Length(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsIsoDate(absl::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(s, &day)) return false;
  return absl::FormatCivilTime(day) ==
         s;  // Refuses 2026-02-30, which absl would normalise.
}

absl::Status ValidateCatalogEntryId(absl::string_view id,
                                    absl::string_view field) {
  bool ok = id.size() >= 3 && id.size() <= 64 &&
            absl::ascii_islower(static_cast<unsigned char>(id[0]));
  for (char c : id) {
    ok = ok && (absl::ascii_islower(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-');
  }
  if (ok) return absl::OkStatus();
  return InvalidArgument(
      "CATALOG_ENTRY_ID_INVALID",
      {{std::string(field),
        "3-64 characters of [a-z0-9-], starting with a letter"}});
}

absl::Status ValidateContentFormat(const pb::CatalogEntryContent& c,
                                   absl::string_view prefix) {
  Violations v(prefix);
  v.Length("name", c.name(), 100);
  v.Length("description", c.description(), 2000);
  v.Length("source_department", c.source_department(), 100);
  v.Length("domain", c.domain(), 50);
  v.Length("data_format", c.data_format(), 50);
  v.Length("legal_basis", c.legal_basis(), 2000);
  v.Length("coverage.region_scope", c.coverage().region_scope(), 200);
  v.Date("coverage.time_start", c.coverage().time_start());
  v.Date("coverage.time_end", c.coverage().time_end());
  if (IsIsoDate(c.coverage().time_start()) &&
      IsIsoDate(c.coverage().time_end()) &&
      c.coverage().time_end() < c.coverage().time_start()) {
    v.Add("coverage.time_end", "before time_start");
  }
  if (!pb::OpenAttribute_IsValid(c.open_attribute()))
    v.Add("open_attribute", "unknown value");
  if (!pb::UpdateFrequency_IsValid(c.update_frequency()))
    v.Add("update_frequency", "unknown value");
  CheckConditionsAndModes(c, v);
  CheckDictionary(c, v);
  v.Length("security_review.reviewed_by", c.security_review().reviewed_by(),
           100);
  v.Date("security_review.review_date", c.security_review().review_date());
  v.Length("security_review.conclusion", c.security_review().conclusion(),
           1000);
  return v.Result();
}

std::string DiscriminatoryPhrase(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (absl::string_view phrase : kDiscriminatoryPhrases) {
    if (absl::StrContains(lower, phrase)) return std::string(phrase);
  }
  return "";
}

}  // namespace opendata
