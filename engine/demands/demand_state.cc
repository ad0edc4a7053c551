// Implementation of demand_state.h.
#include "engine/demands/demand_state.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

bool IsSlug(absl::string_view id) {
  bool ok = id.size() >= 3 && id.size() <= 64 && absl::ascii_islower(id[0]);
  for (char c : id) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  return ok;
}

constexpr char kSlugRule[] =
    "3-64 characters of [a-z0-9-], starting with a letter";

}  // namespace

std::string DemandStream(absl::string_view demand_id) {
  return absl::StrCat(kDemandStreamPrefix, demand_id);
}

std::string DemandCallStream(absl::string_view call_id) {
  return absl::StrCat(kDemandCallStreamPrefix, call_id);
}

absl::Status ValidateDemandId(absl::string_view id, absl::string_view field) {
  if (IsSlug(id)) return absl::OkStatus();
  return InvalidArgument("DEMAND_ID_INVALID",
                         {{std::string(field), kSlugRule}});
}

absl::Status ValidateDemandCallId(absl::string_view id,
                                  absl::string_view field) {
  if (IsSlug(id)) return absl::OkStatus();
  return InvalidArgument("DEMAND_CALL_ID_INVALID",
                         {{std::string(field), kSlugRule}});
}

std::string DemandFormalReviewDeadlineId(absl::string_view demand_id) {
  return absl::StrCat("demand-formal-review:", demand_id);
}

std::string DemandAnswerDeadlineId(absl::string_view demand_id) {
  return absl::StrCat("demand-provider-answer:", demand_id);
}

std::string DemandOpeningDeadlineId(absl::string_view demand_id) {
  return absl::StrCat("demand-opening:", demand_id);
}

bool IsOpenDemand(pb::DemandState state) {
  switch (state) {
    case pb::DEMAND_STATE_FORMAL_REVIEW:
    case pb::DEMAND_STATE_PASSED:
    case pb::DEMAND_STATE_PROVIDER_ANSWER:
    case pb::DEMAND_STATE_OPENING:
      return true;
    default:
      return false;
  }
}

void Evolve(DemandAggregate& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::Demand& d = state.demand;
  FoldDeadlines(state.deadlines, event);
  switch (p.event_case()) {
    case pb::EventPayload::kDemandSubmitted: {
      const auto& e = p.demand_submitted();
      d.set_demand_id(e.demand_id());
      *d.mutable_requester() = event.actor();
      *d.mutable_form() = e.form();
      d.set_call_id(e.call_id());
      d.set_region(e.region());
      d.set_state(pb::DEMAND_STATE_FORMAL_REVIEW);
      *d.mutable_submit_time() = event.occurred_at();
      *d.mutable_formal_review_due_time() = e.formal_review_due_time();
      break;
    }
    case pb::EventPayload::kDemandFormalReviewPassed:
      d.set_state(pb::DEMAND_STATE_PASSED);
      *d.mutable_formal_reviewer() = event.actor();
      d.set_formal_review_remark(p.demand_formal_review_passed().remark());
      break;
    case pb::EventPayload::kDemandFormalReviewFailed:
      d.set_state(pb::DEMAND_STATE_FORMAL_REVIEW_FAILED);
      *d.mutable_formal_reviewer() = event.actor();
      *d.mutable_defects() = p.demand_formal_review_failed().defects();
      d.set_formal_review_remark(p.demand_formal_review_failed().remark());
      *d.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kDemandWithdrawn:
      d.set_state(pb::DEMAND_STATE_WITHDRAWN);
      *d.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kDemandForwarded:
      d.set_state(pb::DEMAND_STATE_PROVIDER_ANSWER);
      d.set_provider_organization(p.demand_forwarded().provider_organization());
      *d.mutable_forwarded_by() = event.actor();
      *d.mutable_forward_time() = event.occurred_at();
      *d.mutable_answer_due_time() = p.demand_forwarded().answer_due_time();
      break;
    case pb::EventPayload::kDemandAnsweredOpenable:
      d.set_state(pb::DEMAND_STATE_OPENING);
      d.set_answer(pb::DEMAND_ANSWER_OPENABLE);
      *d.mutable_answer_time() = event.occurred_at();
      d.set_planned_catalog_entry_id(
          p.demand_answered_openable().planned_catalog_entry_id());
      *d.mutable_opening_due_time() =
          p.demand_answered_openable().opening_due_time();
      break;
    case pb::EventPayload::kDemandAnsweredNotOpenable:
      d.set_state(pb::DEMAND_STATE_NOT_OPENABLE);
      d.set_answer(pb::DEMAND_ANSWER_NOT_OPENABLE);
      *d.mutable_answer_time() = event.occurred_at();
      *d.mutable_refusal_reasons() = p.demand_answered_not_openable().reasons();
      *d.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kDemandEntryLinked:
      d.set_state(pb::DEMAND_STATE_FULFILLED);
      *d.mutable_linked_entry() = p.demand_entry_linked().entry();
      d.set_fulfilled_late(p.demand_entry_linked().late());
      *d.mutable_fulfil_time() = event.occurred_at();
      *d.mutable_close_time() = event.occurred_at();
      break;
    case pb::EventPayload::kDeadlineRevised: {
      // A calendar correction moved a clock: the view shows the new due time,
      // as the deadline does.
      const auto& e = p.deadline_revised();
      const std::string& id = d.demand_id();
      if (e.deadline_id() == DemandFormalReviewDeadlineId(id)) {
        *d.mutable_formal_review_due_time() = e.new_due_time();
      } else if (e.deadline_id() == DemandAnswerDeadlineId(id)) {
        *d.mutable_answer_due_time() = e.new_due_time();
      } else if (e.deadline_id() == DemandOpeningDeadlineId(id)) {
        *d.mutable_opening_due_time() = e.new_due_time();
      }
      break;
    }
    default:
      break;
  }
  state.version = event.stream_version();
  d.set_version(event.stream_version());
  *d.mutable_update_time() = event.occurred_at();
}

void Evolve(DemandCallAggregate& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::DemandCall& c = state.call;
  switch (p.event_case()) {
    case pb::EventPayload::kDemandCallOpened: {
      const auto& e = p.demand_call_opened();
      c.set_call_id(e.call_id());
      c.set_title(e.title());
      c.set_description(e.description());
      *c.mutable_domains() = e.domains();
      *c.mutable_start_time() = e.start_time();
      *c.mutable_end_time() = e.end_time();
      c.set_state(pb::DEMAND_CALL_STATE_OPEN);
      *c.mutable_opened_by() = event.actor();
      *c.mutable_open_time() = event.occurred_at();
      break;
    }
    case pb::EventPayload::kDemandCallClosed:
      c.set_state(pb::DEMAND_CALL_STATE_CLOSED);
      c.set_close_reason(p.demand_call_closed().reason());
      *c.mutable_close_time() = event.occurred_at();
      break;
    default:
      return;
  }
  state.version = event.stream_version();
  c.set_version(event.stream_version());
}

}  // namespace opendata
