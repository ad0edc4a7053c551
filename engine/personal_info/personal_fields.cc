// Implementation of personal_fields.h. Pure apart from the cipher; safe from
// any thread.
#include "engine/personal_info/personal_fields.h"

#include <optional>

#include "common/status_macros.h"
#include "engine/personal_info/masking.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Mask = std::string (*)(absl::string_view);

// Seals `*value` in place unless it is empty.
absl::Status SealField(std::string* value, absl::string_view field,
                       const CommandContext& context,
                       const PersonalDataCipher& cipher) {
  if (value->empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(*value, cipher.Seal(context.actor.subject(), field,
                                       context.request_id, *value));
  return absl::OkStatus();
}

// Opens or masks `*value` in place (see RevealApplicant).
absl::Status RevealField(std::string* value, absl::string_view field, Mask mask,
                         absl::string_view subject, PersonalView view,
                         const PersonalDataCipher& cipher) {
  if (value->empty()) return absl::OkStatus();
  if (!IsSealedValue(*value)) {
    if (view == PersonalView::kMasked) *value = mask(*value);
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::optional<std::string> plain,
                   cipher.Open(subject, field, *value));
  if (!plain.has_value()) {
    *value = kErasedMarker;
  } else {
    *value = view == PersonalView::kClear ? *std::move(plain) : mask(*plain);
  }
  return absl::OkStatus();
}

}  // namespace

bool CarriesPersonalData(const pb::Command& command) {
  return command.has_submit_application() || command.has_submit_demand() ||
         command.has_file_objection();
}

absl::StatusOr<pb::Command> SealPersonalData(const pb::Command& command,
                                             const CommandContext& context,
                                             const PersonalDataCipher& cipher) {
  pb::Command sealed = command;
  if (sealed.has_submit_application()) {
    pb::ApplicantDetails* a = sealed.mutable_submit_application()
                                  ->mutable_form()
                                  ->mutable_applicant();
    RETURN_IF_ERROR(
        SealField(a->mutable_contact(), "applicant.contact", context, cipher));
    RETURN_IF_ERROR(SealField(a->mutable_id_number(), "applicant.id_number",
                              context, cipher));
    RETURN_IF_ERROR(
        SealField(a->mutable_phone(), "applicant.phone", context, cipher));
    RETURN_IF_ERROR(
        SealField(a->mutable_address(), "applicant.address", context, cipher));
  } else if (sealed.has_submit_demand()) {
    pb::DemandForm* f = sealed.mutable_submit_demand()->mutable_form();
    RETURN_IF_ERROR(
        SealField(f->mutable_phone(), "demand.phone", context, cipher));
    RETURN_IF_ERROR(
        SealField(f->mutable_email(), "demand.email", context, cipher));
  } else if (sealed.has_file_objection()) {
    pb::ObjectionContact* c =
        sealed.mutable_file_objection()->mutable_contact();
    RETURN_IF_ERROR(
        SealField(c->mutable_phone(), "objection.phone", context, cipher));
    RETURN_IF_ERROR(
        SealField(c->mutable_email(), "objection.email", context, cipher));
  }
  return sealed;
}

absl::Status RevealApplicant(pb::ApplicantDetails& applicant,
                             absl::string_view subject, PersonalView view,
                             const PersonalDataCipher& cipher) {
  RETURN_IF_ERROR(RevealField(applicant.mutable_contact(), "applicant.contact",
                              &MaskName, subject, view, cipher));
  RETURN_IF_ERROR(RevealField(applicant.mutable_id_number(),
                              "applicant.id_number", &MaskIdNumber, subject,
                              view, cipher));
  RETURN_IF_ERROR(RevealField(applicant.mutable_phone(), "applicant.phone",
                              &MaskPhone, subject, view, cipher));
  return RevealField(applicant.mutable_address(), "applicant.address",
                     &MaskAddress, subject, view, cipher);
}

absl::Status RevealDemandContact(pb::DemandForm& form,
                                 absl::string_view subject, PersonalView view,
                                 const PersonalDataCipher& cipher) {
  RETURN_IF_ERROR(RevealField(form.mutable_phone(), "demand.phone", &MaskPhone,
                              subject, view, cipher));
  return RevealField(form.mutable_email(), "demand.email", &MaskEmail, subject,
                     view, cipher);
}

absl::Status RevealObjectionContact(pb::ObjectionContact& contact,
                                    absl::string_view subject,
                                    PersonalView view,
                                    const PersonalDataCipher& cipher) {
  RETURN_IF_ERROR(RevealField(contact.mutable_phone(), "objection.phone",
                              &MaskPhone, subject, view, cipher));
  return RevealField(contact.mutable_email(), "objection.email", &MaskEmail,
                     subject, view, cipher);
}

}  // namespace opendata
