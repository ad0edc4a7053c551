// Which fields of which commands and read models are personal information,
// sealing them in a command before it is decided, and opening (or masking)
// them in what a query returns. The fields: an application's applicant
// contact, id_number, phone and address; a demand's phone and email; an
// objection's contact phone and email. The subject of each is the actor who
// submitted it. Pure apart from the cipher it is given; safe from any thread.
#ifndef OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_FIELDS_H_
#define OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_FIELDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/command_context.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/demands.pb.h"
#include "jining/opendata/v1/objections.pb.h"

namespace opendata {

// True if `command` carries personal information (SubmitApplication,
// SubmitDemand, FileObjection).
bool CarriesPersonalData(const jining::opendata::v1::Command& command);

// `command` with every non-empty personal field sealed for
// context.actor.subject(), the request id as nonce context. Commands without
// personal information come back unchanged.
absl::StatusOr<jining::opendata::v1::Command> SealPersonalData(
    const jining::opendata::v1::Command& command, const CommandContext& context,
    const PersonalDataCipher& cipher);

// How a reader sees personal fields.
enum class PersonalView {
  kClear,   // The plaintext.
  kMasked,  // masking.h.
};

// Replace each sealed personal field of the read model (whose subject is
// `subject`) with its plaintext or mask; "[erased]" if the key was shredded.
// A value stored before sealing existed (plaintext) is masked for kMasked.
absl::Status RevealApplicant(jining::opendata::v1::ApplicantDetails& applicant,
                             absl::string_view subject, PersonalView view,
                             const PersonalDataCipher& cipher);
absl::Status RevealDemandContact(jining::opendata::v1::DemandForm& form,
                                 absl::string_view subject, PersonalView view,
                                 const PersonalDataCipher& cipher);
absl::Status RevealObjectionContact(
    jining::opendata::v1::ObjectionContact& contact, absl::string_view subject,
    PersonalView view, const PersonalDataCipher& cipher);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_FIELDS_H_
