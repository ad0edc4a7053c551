// Implementation of objection_decider.h.
#include "engine/catalog/objection_decider.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/decider_common.h"
#include "engine/catalog/release_decider.h"
#include "engine/personal_info/personal_data_cipher.h"

namespace opendata {
namespace {

constexpr char kInvalid[] = "OBJECTION_INVALID";

// Adds a violation unless `text` has between `min` and `max` characters.
void Length(std::vector<FieldViolation>& out, absl::string_view text,
            const std::string& field, size_t min, size_t max) {
  const size_t n = Utf8Length(text);
  if (n < min || n > max)
    out.push_back({field, absl::StrCat(min, "-", max, " characters")});
}

bool IsPhone(absl::string_view phone) {
  if (phone.size() < 5 || phone.size() > 20) return false;
  for (char c : phone) {
    if (!absl::ascii_isdigit(c) && c != '+' && c != '-') return false;
  }
  return true;
}

// local@domain, the domain with an inner dot; no spaces or control characters.
bool IsEmail(absl::string_view email) {
  if (email.size() > static_cast<size_t>(kMaxObjectionEmail)) return false;
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  const absl::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 >= domain.size() ||
      domain.back() == '.') {
    return false;
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
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

absl::Status ValidateFiling(const pb::FileObjection& c) {
  std::vector<FieldViolation> v;
  if (c.kind() == pb::OBJECTION_KIND_UNSPECIFIED ||
      !pb::ObjectionKind_IsValid(c.kind())) {
    v.push_back({"kind", "ERROR, OMISSION or RIGHTS_INFRINGEMENT"});
  }
  Length(v, c.description(), "description", 1, kMaxObjectionDescription);
  if (c.concerned_items_size() > kMaxObjectionItems) {
    v.push_back(
        {"concerned_items", absl::StrCat("at most ", kMaxObjectionItems)});
  }
  std::set<std::string> seen;
  for (int i = 0; i < c.concerned_items_size(); ++i) {
    const std::string at = absl::StrCat("concerned_items[", i, "]");
    Length(v, c.concerned_items(i), at, 1, kMaxObjectionItemText);
    if (!seen.insert(c.concerned_items(i)).second)
      v.push_back({at, "duplicate"});
  }
  if (c.evidence_size() > kMaxObjectionEvidence) {
    v.push_back({"evidence", absl::StrCat("at most ", kMaxObjectionEvidence)});
  }
  for (int i = 0; i < c.evidence_size(); ++i) {
    const pb::ProofReference& p = c.evidence(i);
    const std::string at = absl::StrCat("evidence[", i, "]");
    Length(v, p.title(), at + ".title", 1, 200);
    if (!IsSha256Hex(p.sha256()))
      v.push_back({at + ".sha256", "64 lowercase hex digits"});
    Length(v, p.uri(), at + ".uri", 1, 2000);
  }
  const pb::ObjectionContact& contact = c.contact();
  if (contact.phone().empty() && contact.email().empty()) {
    v.push_back({"contact", "a phone or an e-mail address"});
  }
  // A sealed personal value (personal_info/personal_data_cipher.h) was
  // validated as plaintext before the pipeline sealed it.
  if (!contact.phone().empty() && !IsSealedValue(contact.phone()) &&
      !IsPhone(contact.phone())) {
    v.push_back({"contact.phone", "5-20 characters of digits, + and -"});
  }
  if (!contact.email().empty() && !IsSealedValue(contact.email()) &&
      !IsEmail(contact.email())) {
    v.push_back(
        {"contact.email", absl::StrCat("an address local@domain.tld, at most ",
                                       kMaxObjectionEmail, " characters")});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument(kInvalid, std::move(v));
}

// The objection `number` of the entry; INVALID_ARGUMENT for a number < 1,
// NOT_FOUND (OBJECTION_NOT_FOUND) for an unknown one, FAILED_PRECONDITION
// (OBJECTION_NOT_PENDING) unless it is pending.
absl::StatusOr<const pb::Objection*> PendingObjection(
    const CatalogEntryState& s, int32_t number) {
  if (number < 1) return InvalidArgument(kInvalid, {{"objection", ">= 1"}});
  const auto it = s.objections.find(number);
  if (it == s.objections.end()) {
    return MakeError(absl::StatusCode::kNotFound, "OBJECTION_NOT_FOUND",
                     absl::StrCat("entry ", s.catalog_entry_id,
                                  " has no objection ", number),
                     {{"objection", absl::StrCat(number)}});
  }
  if (it->second.state() != pb::OBJECTION_STATE_PENDING) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "OBJECTION_NOT_PENDING",
        absl::StrCat("objection ", number, " is ",
                     pb::ObjectionState_Name(it->second.state())),
        {{"objection", absl::StrCat(number)},
         {"objection_state", pb::ObjectionState_Name(it->second.state())}});
  }
  return &it->second;
}

// True if closing `o` lifts the entry's hold: it suspended the entry, the entry
// is still held, and no other infringement objection is pending.
bool LiftsHold(const CatalogEntryState& s, const pb::Objection& o) {
  if (!o.suspends() ||
      s.state != pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION) {
    return false;
  }
  for (const auto& [number, other] : s.objections) {
    if (number != o.number() && other.suspends() &&
        other.state() == pb::OBJECTION_STATE_PENDING) {
      return false;
    }
  }
  return true;
}

// Sets `out` to the entry's users when `notify`.
void SetNotified(bool notify, const std::vector<std::string>& users,
                 google::protobuf::RepeatedPtrField<std::string>* out) {
  if (notify) out->Assign(users.begin(), users.end());
}

absl::StatusOr<Events> File(const CatalogEntryState& s,
                            const pb::FileObjection& c,
                            const CommandContext& ctx,
                            const WorkingCalendar& calendar,
                            const std::vector<std::string>& users) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  RETURN_IF_ERROR(ValidateFiling(c));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  if (!ctx.actor.real_name_verified()) {
    return FailedPrecondition(
        "ART16_REAL_NAME_REQUIRED",
        "only real-name verified users may object (Art. 16, 19)",
        {{"ART16_REAL_NAME_REQUIRED", "actor",
          "verify the real name with the identity service"}});
  }
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED &&
      s.state != pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION) {
    return WrongState(s, "CATALOG_ENTRY_NOT_PUBLISHED",
                      "only a published entry can be objected to");
  }
  for (const auto& [number, o] : s.objections) {
    if (o.state() == pb::OBJECTION_STATE_PENDING && o.kind() == c.kind() &&
        o.objector().subject() == ctx.actor.subject()) {
      return MakeError(
          absl::StatusCode::kFailedPrecondition, "OBJECTION_ALREADY_PENDING",
          absl::StrCat("your objection ", number,
                       " of this kind to this entry is still pending"),
          {{"objection", absl::StrCat(number)}});
    }
  }
  const int32_t number =
      s.objections.empty() ? 1 : s.objections.rbegin()->first + 1;
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_OBJECTION_ANSWER;
  clock.deadline_id = ObjectionAnswerDeadlineId(s.catalog_entry_id, number);
  clock.stream_id = CatalogEntryStream(s.catalog_entry_id);
  clock.subject_id = s.catalog_entry_id;
  clock.responsible_role = pb::ROLE_PROVIDER;
  clock.responsible_organization = s.provider_organization;
  clock.responsible_region = s.region;
  clock.working_days = kObjectionAnswerWorkingDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_objection_filed();
  e->set_objection(number);
  e->set_kind(c.kind());
  e->set_description(c.description());
  *e->mutable_concerned_items() = c.concerned_items();
  *e->mutable_evidence() = c.evidence();
  *e->mutable_contact() = c.contact();
  e->set_suspends(c.kind() == pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT);
  *e->mutable_answer_due_time() =
      started.deadline_started().deadline().due_time();
  e->set_answer_due_provisional(
      started.deadline_started().deadline().provisional());
  e->set_releases_at_filing(s.release_ledger.releases);
  SetNotified(e->suspends(), users, e->mutable_notified_users());
  return Events{p, started};
}

absl::StatusOr<Events> Withdraw(const CatalogEntryState& s,
                                const pb::WithdrawObjection& c,
                                const CommandContext& ctx,
                                const std::vector<std::string>& users) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  ASSIGN_OR_RETURN(const pb::Objection* o, PendingObjection(s, c.objection()));
  if (o->objector().subject() != ctx.actor.subject()) {
    return MakeError(absl::StatusCode::kPermissionDenied, "OBJECTION_NOT_OWN",
                     "only the objector may withdraw an objection",
                     {{"objection", absl::StrCat(c.objection())}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_objection_withdrawn();
  e->set_objection(o->number());
  e->set_hold_lifted(LiftsHold(s, *o));
  SetNotified(e->hold_lifted(), users, e->mutable_notified_users());
  Events events{p};
  auto cancelled = CancelClock(
      s.deadlines, ObjectionAnswerDeadlineId(s.catalog_entry_id, o->number()),
      "objection withdrawn");
  if (cancelled.has_value()) events.push_back(*std::move(cancelled));
  return events;
}

absl::StatusOr<Events> Verify(const CatalogEntryState& s,
                              const pb::VerifyObjection& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  std::vector<FieldViolation> v;
  Length(v, c.finding(), "finding", 1, kMaxObjectionText);
  if (!v.empty()) return InvalidArgument(kInvalid, std::move(v));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  ASSIGN_OR_RETURN(const pb::Objection* o, PendingObjection(s, c.objection()));
  if (o->has_verification()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "OBJECTION_ALREADY_VERIFIED",
        absl::StrCat("objection ", o->number(), " was verified by ",
                     o->verification().reviewer().subject()),
        {{"objection", absl::StrCat(o->number())}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_objection_verified();
  e->set_objection(o->number());
  e->set_founded(c.founded());
  e->set_finding(c.finding());
  return Events{p};
}

bool OutcomeAllowed(pb::ObjectionKind kind, pb::ObjectionOutcome outcome) {
  if (kind == pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT) {
    return outcome == pb::OBJECTION_OUTCOME_TAKEN_DOWN ||
           outcome == pb::OBJECTION_OUTCOME_RESTORED ||
           outcome == pb::OBJECTION_OUTCOME_REOPENED_AFTER_TREATMENT;
  }
  return outcome == pb::OBJECTION_OUTCOME_CORRECTED ||
         outcome == pb::OBJECTION_OUTCOME_REJECTED;
}

// The reviewer must have verified an infringement objection, and the outcome
// must follow the verification: founded -> TAKEN_DOWN or
// REOPENED_AFTER_TREATMENT; unfounded -> RESTORED.
absl::Status CheckVerification(const pb::Objection& o,
                               pb::ObjectionOutcome outcome) {
  if (!o.has_verification()) {
    return FailedPrecondition(
        "ART19_VERIFICATION_REQUIRED",
        "a reviewer verifies an infringement objection before the provider "
        "decides its outcome",
        {{"ART19_VERIFICATION_REQUIRED", "objection",
          absl::StrCat("objection ", o.number(), " is not verified")}});
  }
  const bool founded = outcome != pb::OBJECTION_OUTCOME_RESTORED;
  if (o.verification().founded() == founded) return absl::OkStatus();
  return FailedPrecondition(
      "ART19_VERIFICATION_MISMATCH",
      "the outcome contradicts the reviewer's verification",
      {{"ART19_VERIFICATION_MISMATCH", "outcome",
        absl::StrCat("the reviewer found the objection ",
                     o.verification().founded() ? "founded" : "unfounded", "; ",
                     pb::ObjectionOutcome_Name(outcome),
                     " needs the opposite")}});
}

absl::StatusOr<Events> Answer(const CatalogEntryState& s,
                              const pb::AnswerObjection& c,
                              const CommandContext& ctx,
                              const std::vector<std::string>& users) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  std::vector<FieldViolation> v;
  if (c.outcome() == pb::OBJECTION_OUTCOME_UNSPECIFIED ||
      !pb::ObjectionOutcome_IsValid(c.outcome())) {
    v.push_back({"outcome", "required"});
  }
  Length(v, c.answer(), "answer", 1, kMaxObjectionText);
  if (!v.empty()) return InvalidArgument(kInvalid, std::move(v));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  ASSIGN_OR_RETURN(const pb::Objection* o, PendingObjection(s, c.objection()));
  if (!OutcomeAllowed(o->kind(), c.outcome())) {
    return FailedPrecondition(
        "ART19_OUTCOME_NOT_ALLOWED",
        "ERROR and OMISSION are CORRECTED or REJECTED; RIGHTS_INFRINGEMENT is "
        "TAKEN_DOWN, RESTORED or REOPENED_AFTER_TREATMENT",
        {{"ART19_OUTCOME_NOT_ALLOWED", "outcome",
          absl::StrCat(pb::ObjectionOutcome_Name(c.outcome()), " for ",
                       pb::ObjectionKind_Name(o->kind()))}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_objection_answered();
  e->set_objection(o->number());
  e->set_outcome(c.outcome());
  e->set_answer(c.answer());
  e->set_late(ctx.now > FromProto(o->answer_due_time()));
  bool destroy = false;
  switch (c.outcome()) {
    case pb::OBJECTION_OUTCOME_CORRECTED:
      if (s.release_ledger.releases <= o->releases_at_filing()) {
        return FailedPrecondition(
            "ART19_CORRECTION_NOT_RELEASED",
            "a correction is a release recorded after the objection",
            {{"ART19_CORRECTION_NOT_RELEASED", "outcome",
              "record the corrected release first (RecordRelease)"}});
      }
      e->set_correcting_release(s.release_ledger.releases);
      break;
    case pb::OBJECTION_OUTCOME_REJECTED:
      break;
    case pb::OBJECTION_OUTCOME_TAKEN_DOWN:
      RETURN_IF_ERROR(CheckVerification(*o, c.outcome()));
      e->set_taken_down(s.state ==
                        pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
      destroy =
          !s.destroyed() &&
          (e->taken_down() || s.state == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
      if (destroy &&
          (s.change.state() == pb::CHANGE_APPLICATION_STATE_PENDING ||
           s.migration.state() == pb::CHANGE_APPLICATION_STATE_PENDING ||
           s.migration.state() == pb::CHANGE_APPLICATION_STATE_CONFIRMED)) {
        return WrongState(s, "CHANGE_APPLICATION_PENDING",
                          "a content change or migration of this entry is "
                          "still pending; it must be decided before the open "
                          "copy is destroyed");
      }
      break;
    default:
      RETURN_IF_ERROR(CheckVerification(*o, c.outcome()));
      e->set_hold_lifted(LiftsHold(s, *o));
      break;
  }
  SetNotified(e->hold_lifted() || e->taken_down(), users,
              e->mutable_notified_users());
  Events events{p};
  auto met = MeetClock(
      s.deadlines, ObjectionAnswerDeadlineId(s.catalog_entry_id, o->number()),
      ctx.now);
  if (met.has_value()) events.push_back(*std::move(met));
  if (destroy) {
    // Art. 14, last sentence, applied to a founded infringement: the open copy
    // is destroyed with the takedown, by the existing destruction event.
    pb::EventPayload destroyed;
    destroyed.mutable_catalog_entry_open_copy_destroyed()->set_reasons(
        c.answer());
    events.push_back(std::move(destroyed));
  }
  if (e->taken_down()) {
    for (pb::EventPayload& cancelled :
         CancelUpkeepClocks(s, "entry taken down after an objection"))
      events.push_back(std::move(cancelled));
  }
  return events;
}

}  // namespace

bool IsObjectionCommand(const pb::Command& command) {
  switch (command.command_case()) {
    case pb::Command::kFileObjection:
    case pb::Command::kWithdrawObjection:
    case pb::Command::kVerifyObjection:
    case pb::Command::kAnswerObjection:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<Events> DecideObjection(const CatalogEntryState& state,
                                       const pb::Command& command,
                                       const CommandContext& ctx,
                                       const WorkingCalendar& calendar,
                                       const TakedownInputs& inputs) {
  switch (command.command_case()) {
    case pb::Command::kFileObjection:
      return File(state, command.file_objection(), ctx, calendar,
                  inputs.applicants);
    case pb::Command::kWithdrawObjection:
      return Withdraw(state, command.withdraw_objection(), ctx,
                      inputs.applicants);
    case pb::Command::kVerifyObjection:
      return Verify(state, command.verify_objection(), ctx);
    case pb::Command::kAnswerObjection:
      return Answer(state, command.answer_objection(), ctx, inputs.applicants);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not an objection command"}});
  }
}

}  // namespace opendata
