// Implementation of subject_key_decider.h. Pure; safe from any thread.
#include "engine/personal_info/subject_key_decider.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr char kInvalid[] = "SUBJECT_KEY_SHRED_INVALID";

bool IsCleanText(absl::string_view text) {
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string SubjectKeyStream(absl::string_view subject) {
  return absl::StrCat(kSubjectKeyStreamPrefix, subject);
}

absl::Status ValidateSubject(absl::string_view subject,
                             absl::string_view field) {
  if (!subject.empty() && subject.size() <= 256 && IsCleanText(subject) &&
      Utf8Length(subject) > 0) {
    return absl::OkStatus();
  }
  return InvalidArgument(kInvalid,
                         {{std::string(field),
                           "1-256 bytes of UTF-8 without control characters"}});
}

void Evolve(SubjectKeyState& state, const pb::EventEnvelope& event) {
  if (event.payload().has_subject_key_shredded()) {
    state.shred_count = event.payload().subject_key_shredded().shred_count();
  }
}

absl::StatusOr<std::vector<pb::EventPayload>> DecideSubjectKey(
    const SubjectKeyState& state, const pb::Command& command,
    const CommandContext& context) {
  if (!command.has_shred_subject_key()) {
    return InvalidArgument("COMMAND_INVALID",
                           {{"command", "not a subject-key command"}});
  }
  const pb::ShredSubjectKey& c = command.shred_subject_key();
  if (context.actor.role() == pb::ROLE_USER) {
    if (context.actor.subject() != c.subject()) {
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_SUBJECT",
                       "a user may only erase its own personal information");
    }
  } else {
    RETURN_IF_ERROR(RequireRole(context.actor, pb::ROLE_OPERATOR));
  }
  std::vector<FieldViolation> v;
  if (!ValidateSubject(c.subject(), "subject").ok()) {
    v.push_back({"subject", "1-256 bytes of UTF-8 without control characters"});
  }
  const size_t reason = Utf8Length(c.reason());
  if (reason < 1 || reason > 500 || !IsCleanText(c.reason())) {
    v.push_back({"reason", "1-500 characters without control characters"});
  }
  if (!v.empty()) return InvalidArgument(kInvalid, std::move(v));
  pb::EventPayload payload;
  auto* e = payload.mutable_subject_key_shredded();
  e->set_subject(c.subject());
  e->set_reason(c.reason());
  e->set_shred_count(state.shred_count + 1);
  return std::vector<pb::EventPayload>{std::move(payload)};
}

}  // namespace opendata
