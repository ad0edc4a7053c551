// Crypto-shredding as a stream (docs/architecture.md "Personal information"):
// the stream "subject-key/<subject>" records each ShredSubjectKey as a
// SubjectKeyShredded event; the pipeline deletes the subject's data key in the
// same atomic write (AppendRequest::shredded_subject_keys). Who may: an
// OPERATOR for any subject, a USER for its own (PIPL Art. 47 erasure).
// Refusals: INVALID_ARGUMENT SUBJECT_KEY_SHRED_INVALID (subject, reason),
// PERMISSION_DENIED ROLE_NOT_ALLOWED, NOT_OWN_SUBJECT. Shredding again is
// allowed (it erases whatever was sealed under a key made since). Pure
// functions; safe from any thread.
#ifndef OPENDATA_ENGINE_PERSONAL_INFO_SUBJECT_KEY_DECIDER_H_
#define OPENDATA_ENGINE_PERSONAL_INFO_SUBJECT_KEY_DECIDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Prefix of the crypto-shredding streams.
inline constexpr char kSubjectKeyStreamPrefix[] = "subject-key/";

// "subject-key/<subject>".
std::string SubjectKeyStream(absl::string_view subject);

// OK for a subject one may name: 1-256 bytes of UTF-8 without control
// characters. INVALID_ARGUMENT (SUBJECT_KEY_SHRED_INVALID) on `field`.
absl::Status ValidateSubject(absl::string_view subject,
                             absl::string_view field);

// A subject-key stream's state: how many shreds it recorded.
struct SubjectKeyState {
  int32_t shred_count = 0;
};
void Evolve(SubjectKeyState& state,
            const jining::opendata::v1::EventEnvelope& event);

// Decides ShredSubjectKey on its subject's stream.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideSubjectKey(const SubjectKeyState& state,
                 const jining::opendata::v1::Command& command,
                 const CommandContext& context);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PERSONAL_INFO_SUBJECT_KEY_DECIDER_H_
