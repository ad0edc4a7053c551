// AddApplicationRecipients (recipient_rules.h): who each event of an
// application stream notifies. The applicant (a user) hears of every step;
// the reviewers of the entry's region get the formal review and are informed
// of grants (annex 5); the provider organisation gets its review work and the
// applicant's reports. Pure.
#include "engine/notifications/recipient_rules.h"
#include "engine/notifications/recipients.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

void AddApplicationRecipients(const StreamView& view,
                              const pb::EventEnvelope& event, AddressSet& out) {
  const pb::Application& app = view.application.application;
  const std::string applicant = UserAddress(app.applicant().subject());
  const std::string provider = OrgAddress(app.entry().provider_organization());
  const std::string reviewers =
      RegionAddress(ReviewRegion(app.entry().level(), app.entry().region()));
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kApplicationSubmitted:
      out.insert(reviewers);
      break;
    case pb::EventPayload::kApplicationFormalReviewPassed:
      // The provider's review starts: new work.
      out.insert(applicant);
      out.insert(provider);
      break;
    case pb::EventPayload::kApplicationFormalReviewFailed:
    case pb::EventPayload::kApplicationApproved:
    case pb::EventPayload::kApplicationRefused:
    case pb::EventPayload::kRenewalApproved:
    case pb::EventPayload::kRenewalRefused:
      out.insert(applicant);
      break;
    case pb::EventPayload::kApplicationWithdrawn:
      // Whoever had the application in its queue.
      if (p.application_withdrawn().from_state() ==
          pb::APPLICATION_STATE_SUBMITTED) {
        out.insert(reviewers);
      } else {
        out.insert(provider);
      }
      break;
    case pb::EventPayload::kAgreementSigned:
      // The other party.
      out.insert(p.agreement_signed().party() == pb::ROLE_USER ? provider
                                                               : applicant);
      break;
    case pb::EventPayload::kAccessGranted:
      // Annex 5: the provider informs its reviewer (the region the grant
      // records as informed).
      out.insert(applicant);
      out.insert(
          RegionAddress(p.access_granted().grant().informed_reviewer_region()));
      break;
    case pb::EventPayload::kAccessLapsed:
    case pb::EventPayload::kAccessRevoked:
      out.insert(applicant);
      out.insert(provider);
      break;
    case pb::EventPayload::kRenewalApplied:
    case pb::EventPayload::kUsageReportFiled:
    case pb::EventPayload::kResultReportFiled:
    case pb::EventPayload::kDestructionAttested:
      out.insert(provider);
      break;
    default:
      break;
  }
}

}  // namespace opendata
