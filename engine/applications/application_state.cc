// Implementation of application_state.h.
#include "engine/applications/application_state.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string ApplicationStream(absl::string_view application_id) {
  return absl::StrCat(kApplicationStreamPrefix, application_id);
}

std::string CreditRegistryStream(absl::string_view party_id) {
  return absl::StrCat(kCreditRegistryStreamPrefix, party_id);
}

absl::Status ValidateApplicationId(absl::string_view id,
                                   absl::string_view field) {
  bool ok = id.size() >= 3 && id.size() <= 64 && absl::ascii_islower(id[0]);
  for (char c : id) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (ok) return absl::OkStatus();
  return InvalidArgument(
      "APPLICATION_ID_INVALID",
      {{std::string(field),
        "3-64 characters of [a-z0-9-], starting with a letter"}});
}

absl::Status ValidatePartyId(absl::string_view party, absl::string_view field) {
  bool ok = !party.empty() && party.size() <= 128;
  for (char c : party) {
    ok = ok && (absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '@' ||
                c == ':' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return InvalidArgument(
      "CREDIT_LISTING_INVALID",
      {{std::string(field), "1-128 characters of [A-Za-z0-9._@:-]"}});
}

std::string FormalReviewDeadlineId(absl::string_view application_id) {
  return absl::StrCat("application-formal-review:", application_id);
}

std::string ProviderReviewDeadlineId(absl::string_view application_id) {
  return absl::StrCat("application-provider-review:", application_id);
}

std::string AgreementEndDeadlineId(absl::string_view application_id,
                                   int period) {
  return absl::StrCat("agreement-end:", application_id, ":", period);
}

std::string DestructionDeadlineId(absl::string_view application_id) {
  return absl::StrCat("data-destruction:", application_id);
}

std::string ResultReportDeadlineId(absl::string_view application_id) {
  return absl::StrCat("result-report:", application_id);
}

namespace {

pb::UseReport Report(const std::string& text, const pb::EventEnvelope& event) {
  pb::UseReport report;
  report.set_text(text);
  *report.mutable_file_time() = event.occurred_at();
  return report;
}

}  // namespace

void Evolve(ApplicationAggregate& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::Application& app = state.application;
  FoldDeadlines(state.deadlines, event);
  switch (p.event_case()) {
    case pb::EventPayload::kApplicationSubmitted: {
      const auto& e = p.application_submitted();
      app.set_application_id(e.application_id());
      *app.mutable_applicant() = event.actor();
      *app.mutable_entry() = e.entry();
      *app.mutable_form() = e.form();
      *app.mutable_credit_check() = e.credit_check();
      app.set_state(pb::APPLICATION_STATE_SUBMITTED);
      *app.mutable_submit_time() = event.occurred_at();
      *app.mutable_formal_review_due_time() = e.formal_review_due_time();
      break;
    }
    case pb::EventPayload::kApplicationFormalReviewPassed:
      app.set_state(pb::APPLICATION_STATE_PROVIDER_REVIEW);
      *app.mutable_formal_reviewer() = event.actor();
      *app.mutable_provider_review_due_time() =
          p.application_formal_review_passed().provider_review_due_time();
      break;
    case pb::EventPayload::kApplicationFormalReviewFailed:
      app.set_state(pb::APPLICATION_STATE_FORMAL_REVIEW_FAILED);
      *app.mutable_formal_reviewer() = event.actor();
      *app.mutable_formal_defects() =
          p.application_formal_review_failed().defects();
      *app.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kApplicationApproved:
      app.set_state(pb::APPLICATION_STATE_APPROVED);
      *app.mutable_provider_reviewer() = event.actor();
      *app.mutable_terms() = p.application_approved().terms();
      break;
    case pb::EventPayload::kApplicationRefused:
      app.set_state(pb::APPLICATION_STATE_REFUSED);
      *app.mutable_provider_reviewer() = event.actor();
      *app.mutable_refusal_reasons() = p.application_refused().reasons();
      *app.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kApplicationWithdrawn:
      app.set_state(pb::APPLICATION_STATE_WITHDRAWN);
      *app.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kAgreementSigned:
      if (p.agreement_signed().party() == pb::ROLE_PROVIDER) {
        *app.mutable_provider_sign_time() = event.occurred_at();
        *app.mutable_provider_signer() = event.actor();
      } else {
        *app.mutable_user_sign_time() = event.occurred_at();
      }
      break;
    case pb::EventPayload::kAccessGranted:
      app.set_state(pb::APPLICATION_STATE_GRANTED);
      *app.mutable_grant() = p.access_granted().grant();
      break;
    case pb::EventPayload::kAccessLapsed:
      app.set_state(pb::APPLICATION_STATE_ENDED);
      app.mutable_grant()->set_state(pb::GRANT_STATE_LAPSED);
      *app.mutable_grant()->mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kRenewalApplied:
      *app.mutable_current_renewal() = p.renewal_applied().renewal();
      break;
    case pb::EventPayload::kRenewalApproved: {
      const auto& e = p.renewal_approved();
      pb::Renewal* r = app.mutable_current_renewal();
      r->set_state(pb::RENEWAL_STATE_APPROVED);
      *r->mutable_decide_time() = event.occurred_at();
      app.mutable_terms()->set_use_end_date(e.new_use_end_date());
      *app.mutable_grant()->mutable_end_time() = e.new_end_time();
      app.mutable_grant()->set_renewals(app.grant().renewals() + 1);
      break;
    }
    case pb::EventPayload::kRenewalRefused: {
      pb::Renewal* r = app.mutable_current_renewal();
      r->set_state(pb::RENEWAL_STATE_REFUSED);
      *r->mutable_decide_time() = event.occurred_at();
      r->set_refusal_reasons(p.renewal_refused().reasons());
      break;
    }
    case pb::EventPayload::kAccessRevoked: {
      const auto& e = p.access_revoked();
      app.set_state(pb::APPLICATION_STATE_REVOKED);
      pb::AccessGrant* g = app.mutable_grant();
      g->set_state(pb::GRANT_STATE_REVOKED);
      g->set_revocation_reason(e.reason());
      g->set_revocation_text(e.text());
      *g->mutable_close_time() = event.occurred_at();
      if (app.current_renewal().state() == pb::RENEWAL_STATE_APPLIED) {
        app.mutable_current_renewal()->set_state(pb::RENEWAL_STATE_REFUSED);
        *app.mutable_current_renewal()->mutable_decide_time() =
            event.occurred_at();
      }
      break;
    }
    case pb::EventPayload::kDeadlineRevised: {
      // A calendar correction moved a review clock: the view shows the new
      // due time, as the deadline does.
      const auto& e = p.deadline_revised();
      if (e.deadline_id() == FormalReviewDeadlineId(app.application_id())) {
        *app.mutable_formal_review_due_time() = e.new_due_time();
      } else if (e.deadline_id() ==
                 ProviderReviewDeadlineId(app.application_id())) {
        *app.mutable_provider_review_due_time() = e.new_due_time();
      }
      break;
    }
    case pb::EventPayload::kDestructionAttested:
      *app.mutable_destruction_attest_time() = event.occurred_at();
      app.set_destruction_method_used(p.destruction_attested().method_used());
      break;
    case pb::EventPayload::kUsageReportFiled:
      *app.add_usage_reports() = Report(p.usage_report_filed().text(), event);
      break;
    case pb::EventPayload::kResultReportFiled:
      *app.add_result_reports() = Report(p.result_report_filed().text(), event);
      break;
    default:
      break;
  }
  state.version = event.stream_version();
  app.set_version(event.stream_version());
  *app.mutable_update_time() = event.occurred_at();
}

void Evolve(CreditRegistryAggregate& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::CreditListing& l = state.listing;
  switch (p.event_case()) {
    case pb::EventPayload::kCreditListingSet: {
      const auto& e = p.credit_listing_set();
      l.set_party_id(e.party_id());
      l.set_listed(true);
      l.set_list(e.list());
      l.set_source(e.source());
      l.set_note(e.note());
      break;
    }
    case pb::EventPayload::kCreditListingCleared: {
      const auto& e = p.credit_listing_cleared();
      l.set_party_id(e.party_id());
      l.set_listed(false);
      l.set_list(pb::CREDIT_LIST_UNSPECIFIED);
      l.set_source("");
      l.set_note(e.note());
      break;
    }
    default:
      return;
  }
  *l.mutable_changed_by() = event.actor();
  *l.mutable_change_time() = event.occurred_at();
  state.version = event.stream_version();
  l.set_version(event.stream_version());
}

}  // namespace opendata
