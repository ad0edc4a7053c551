// CheckSubmittable (declared in catalog_validation.h): the rules a catalog
// entry must meet before its formal review. Every broken rule is reported at
// once, each with the article it comes from.
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;

void Require(std::vector<PreconditionViolation>& out, bool present,
             absl::string_view field) {
  if (!present) {
    out.push_back({"CONTENT_REQUIRED", absl::StrCat("content.", field),
                   "required before submission"});
  }
}

void CheckRequiredFields(const pb::CatalogEntryContent& c,
                         std::vector<PreconditionViolation>& out) {
  Require(out, !c.name().empty(), "name");
  Require(out, !c.description().empty(), "description");
  Require(out, !c.source_department().empty(), "source_department");
  Require(out, !c.domain().empty(), "domain");
  Require(out, !c.data_format().empty(), "data_format");
  Require(out, !c.coverage().region_scope().empty(), "coverage.region_scope");
  Require(out, !c.coverage().time_start().empty(), "coverage.time_start");
  Require(out, c.open_attribute() != pb::OPEN_ATTRIBUTE_UNSPECIFIED,
          "open_attribute");
  Require(out, c.update_frequency() != pb::UPDATE_FREQUENCY_UNSPECIFIED,
          "update_frequency");
  Require(out, c.service_modes_size() > 0, "service_modes");
  Require(out, c.data_dictionary_size() > 0, "data_dictionary");
  for (int i = 0; i < c.data_dictionary_size(); ++i) {
    Require(out, !c.data_dictionary(i).description().empty(),
            absl::StrCat("data_dictionary[", i, "].description"));
  }
}

void CheckOpenAttribute(const pb::CatalogEntryContent& c,
                        std::vector<PreconditionViolation>& out) {
  const bool conditional = c.open_attribute() == pb::OPEN_ATTRIBUTE_CONDITIONAL;
  if (conditional && c.conditions_size() == 0) {
    out.push_back({"ART7_CONDITION_REQUIRED", "content.conditions",
                   "CONDITIONAL data needs at least one typed opening "
                   "condition (Art. 7)"});
  }
  if (!conditional && c.conditions_size() > 0) {
    out.push_back({"ART7_CONDITIONS_ONLY_FOR_CONDITIONAL", "content.conditions",
                   "only CONDITIONAL data carries opening conditions"});
  }
  for (int i = 0; i < c.conditions_size(); ++i) {
    const std::string phrase =
        DiscriminatoryPhrase(c.conditions(i).description());
    if (!phrase.empty()) {
      out.push_back({"ART7_DISCRIMINATORY_CONDITION",
                     absl::StrCat("content.conditions[", i, "].description"),
                     absl::StrCat("conditions on company scale or region are "
                                  "not allowed (Art. 7): \"",
                                  phrase, "\"")});
    }
  }
  if (c.open_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN &&
      c.legal_basis().empty()) {
    out.push_back({"ART7_LEGAL_BASIS_REQUIRED", "content.legal_basis",
                   "NOT_OPEN data must cite its legal basis (Art. 7)"});
  }
}

void CheckDesensitisation(const pb::CatalogEntryContent& c,
                          std::vector<PreconditionViolation>& out) {
  std::set<std::string> fields;
  std::set<std::string> ruled;
  for (const auto& rule : c.desensitisation_rules())
    ruled.insert(rule.field_name());
  for (int i = 0; i < c.data_dictionary_size(); ++i) {
    const auto& f = c.data_dictionary(i);
    fields.insert(f.name());
    if (f.sensitive() && !ruled.count(f.name())) {
      out.push_back({"ART10_DESENSITISATION_REQUIRED",
                     absl::StrCat("content.data_dictionary[", i, "]"),
                     absl::StrCat("sensitive field \"", f.name(),
                                  "\" has no desensitisation rule")});
    }
  }
  for (int i = 0; i < c.desensitisation_rules_size(); ++i) {
    if (!fields.count(c.desensitisation_rules(i).field_name())) {
      out.push_back(
          {"DESENSITISATION_RULE_UNKNOWN_FIELD",
           absl::StrCat("content.desensitisation_rules[", i, "].field_name"),
           "the rule names no field of the data dictionary"});
    }
  }
}

void CheckSecurityReview(const pb::CatalogEntryContent& c,
                         std::vector<PreconditionViolation>& out) {
  const auto& r = c.security_review();
  if (r.reviewed_by().empty() || r.review_date().empty() ||
      r.conclusion().empty()) {
    out.push_back({"ART24_SECURITY_REVIEW_REQUIRED", "content.security_review",
                   "a security review and risk assessment (who, date, "
                   "conclusion) must be recorded "
                   "before opening (Art. 10, 24)"});
  } else if (!r.passed()) {
    out.push_back({"ART24_SECURITY_REVIEW_NOT_PASSED",
                   "content.security_review.passed",
                   "the security review did not clear the data for opening"});
  }
}

}  // namespace

absl::Status CheckSubmittable(const pb::CatalogEntryContent& c) {
  std::vector<PreconditionViolation> out;
  CheckRequiredFields(c, out);
  CheckOpenAttribute(c, out);
  CheckDesensitisation(c, out);
  CheckSecurityReview(c, out);
  if (out.empty()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("the entry breaks ", out.size(), " submission rule(s)");
  return FailedPrecondition("SUBMISSION_INCOMPLETE", message, std::move(out));
}

}  // namespace opendata
