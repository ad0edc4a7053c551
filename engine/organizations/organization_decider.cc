// Implementation of organization_decider.h.
#include "engine/organizations/organization_decider.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Events = std::vector<pb::EventPayload>;

bool IsPhone(absl::string_view phone) {
  bool ok = phone.size() >= 5 && phone.size() <= 20;
  for (char c : phone) {
    ok = ok && (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                c == '+' || c == '-');
  }
  return ok;
}

// Basic e-mail syntax: local@domain.tld, printable ASCII without spaces, one
// '@', a dot in the domain that neither starts nor ends it.
bool IsEmail(absl::string_view email) {
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
  return dot != absl::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.front() != '.';
}

void CheckLength(std::vector<FieldViolation>& v, const std::string& field,
                 const std::string& text, size_t max) {
  const size_t n = Utf8Length(text);
  if (n == 0 || n > max)
    v.push_back({field, absl::StrCat("1-", max, " characters")});
}

absl::Status ValidatePersons(const pb::SetResponsiblePersons& c) {
  std::vector<FieldViolation> v;
  if (c.persons_size() == 0 || c.persons_size() > kMaxResponsiblePersons) {
    v.push_back(
        {"persons", absl::StrCat("1-", kMaxResponsiblePersons, " persons")});
  }
  for (int i = 0; i < c.persons_size(); ++i) {
    const pb::ResponsiblePerson& p = c.persons(i);
    const std::string at = absl::StrCat("persons[", i, "]");
    CheckLength(v, at + ".name", p.name(), 50);
    CheckLength(v, at + ".position", p.position(), 50);
    if (!IsPhone(p.phone()))
      v.push_back({at + ".phone", "5-20 characters of digits, '+' and '-'"});
    if (!IsEmail(p.email()))
      v.push_back({at + ".email", "an e-mail address local@domain.tld"});
    if (p.duty() == pb::RESPONSIBLE_DUTY_UNSPECIFIED ||
        !pb::ResponsibleDuty_IsValid(p.duty())) {
      v.push_back({at + ".duty", "PRINCIPAL, CONTACT or SECURITY"});
    }
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("RESPONSIBLE_PERSONS_INVALID", std::move(v));
}

bool SamePersons(const pb::OrganizationProfile& profile,
                 const pb::SetResponsiblePersons& c) {
  if (profile.responsible_persons_size() != c.persons_size()) return false;
  for (int i = 0; i < c.persons_size(); ++i) {
    if (profile.responsible_persons(i).SerializeAsString() !=
        c.persons(i).SerializeAsString()) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<Events> SetPersons(const OrganizationState& s,
                                  const pb::SetResponsiblePersons& c,
                                  const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidatePersons(c));
  RETURN_IF_ERROR(RequireOwner(ctx.actor, c.organization()));
  if (s.exists() && SamePersons(s.profile, c) &&
      s.profile.level() == ctx.actor.level() &&
      s.profile.region() == ctx.actor.region()) {
    return Events{};
  }
  pb::EventPayload p;
  auto* e = p.mutable_responsible_persons_set();
  e->set_organization(c.organization());
  e->set_level(ctx.actor.level());
  e->set_region(ctx.actor.region());
  *e->mutable_persons() = c.persons();
  return Events{p};
}

}  // namespace

absl::StatusOr<Events> DecideOrganization(const OrganizationState& state,
                                          const pb::Command& command,
                                          const CommandContext& ctx) {
  if (command.has_set_responsible_persons())
    return SetPersons(state, command.set_responsible_persons(), ctx);
  return InvalidArgument("COMMAND_INVALID",
                         {{"command", "not an organisation command"}});
}

}  // namespace opendata
