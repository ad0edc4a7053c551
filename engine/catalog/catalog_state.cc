// Implementation of catalog_state.h.
#include "engine/catalog/catalog_state.h"

#include <algorithm>
#include <memory>

#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/catalog/change_fold.h"

namespace opendata {
namespace {

// Deterministic bytes of only field `f` of `m`.
std::string FieldBytes(const google::protobuf::Message& m,
                       const google::protobuf::FieldDescriptor* f) {
  std::unique_ptr<google::protobuf::Message> copy(m.New());
  copy->CopyFrom(m);
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = copy->GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i) != f) r->ClearField(copy.get(), d->field(i));
  }
  return SerializeDeterministic(*copy);
}

}  // namespace

std::string CatalogEntryStream(const std::string& catalog_entry_id) {
  return "catalog-entry/" + catalog_entry_id;
}

std::string CatalogReviewDeadlineId(const std::string& catalog_entry_id,
                                    int32_t submission) {
  return "catalog-review:" + catalog_entry_id + ":" +
         std::to_string(submission);
}

std::string TakedownNoticeDeadlineId(const std::string& catalog_entry_id,
                                     int32_t takedown) {
  return "takedown-notice:" + catalog_entry_id + ":" + std::to_string(takedown);
}

bool TakedownPending(const pb::Takedown& takedown) {
  return takedown.state() == pb::TAKEDOWN_STATE_APPLIED ||
         takedown.state() == pb::TAKEDOWN_STATE_COUNTY_APPROVED ||
         takedown.state() == pb::TAKEDOWN_STATE_NOTICE;
}

bool FoldTakedownEvent(const pb::EventEnvelope& event,
                       const std::string& catalog_entry_id,
                       pb::CatalogEntryState& state, pb::Takedown& takedown,
                       pb::QualitySuspension& suspension) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryTakedownRequested: {
      const auto& e = p.catalog_entry_takedown_requested();
      takedown.Clear();
      takedown.set_number(e.takedown());
      takedown.set_reasons(e.reasons());
      *takedown.mutable_requested_by() = event.actor();
      *takedown.mutable_request_time() = event.occurred_at();
      takedown.set_state(pb::TAKEDOWN_STATE_APPLIED);
      return true;
    }
    case pb::EventPayload::kCatalogEntryTakedownApproved: {
      const auto& e = p.catalog_entry_takedown_approved();
      pb::TakedownApproval* approval = e.step() == pb::LEVEL_COUNTY
                                           ? takedown.mutable_county_approval()
                                           : takedown.mutable_city_approval();
      *approval->mutable_reviewer() = event.actor();
      *approval->mutable_approve_time() = event.occurred_at();
      if (e.notice_started()) {
        takedown.set_state(pb::TAKEDOWN_STATE_NOTICE);
        *takedown.mutable_notice_start_time() = event.occurred_at();
        *takedown.mutable_notice_end_time() = e.notice_end_time();
        takedown.set_notice_provisional(e.notice_provisional());
        *takedown.mutable_notified_users() = e.notified_users();
      } else {
        takedown.set_state(pb::TAKEDOWN_STATE_COUNTY_APPROVED);
      }
      return true;
    }
    case pb::EventPayload::kCatalogEntryTakedownRefused:
      takedown.set_state(pb::TAKEDOWN_STATE_REFUSED);
      *takedown.mutable_refused_by() = event.actor();
      takedown.set_refusal_reasons(
          p.catalog_entry_takedown_refused().reasons());
      *takedown.mutable_close_time() = event.occurred_at();
      return true;
    case pb::EventPayload::kCatalogEntryTakedownWithdrawn:
      takedown.set_state(pb::TAKEDOWN_STATE_WITHDRAWN);
      *takedown.mutable_close_time() = event.occurred_at();
      return true;
    case pb::EventPayload::kCatalogEntryTakenDown:
      takedown.set_state(pb::TAKEDOWN_STATE_EFFECTIVE);
      *takedown.mutable_close_time() = event.occurred_at();
      state = pb::CATALOG_ENTRY_STATE_TAKEN_DOWN;
      suspension.Clear();
      return true;
    case pb::EventPayload::kCatalogEntrySuspendedForQuality:
      suspension.Clear();
      suspension.set_reasons(p.catalog_entry_suspended_for_quality().reasons());
      *suspension.mutable_suspended_by() = event.actor();
      *suspension.mutable_suspend_time() = event.occurred_at();
      state = pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY;
      return true;
    case pb::EventPayload::kCatalogEntryRemediationReported:
      suspension.set_remediation_notes(
          p.catalog_entry_remediation_reported().notes());
      *suspension.mutable_remediation_time() = event.occurred_at();
      return true;
    case pb::EventPayload::kCatalogEntryRepublished:
      suspension.Clear();
      state = pb::CATALOG_ENTRY_STATE_PUBLISHED;
      return true;
    case pb::EventPayload::kDeadlineRevised: {
      const auto& e = p.deadline_revised();
      if (takedown.state() == pb::TAKEDOWN_STATE_NOTICE &&
          e.deadline_id() ==
              TakedownNoticeDeadlineId(catalog_entry_id, takedown.number())) {
        *takedown.mutable_notice_end_time() = e.new_due_time();
        takedown.set_notice_provisional(e.new_provisional());
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}

std::vector<std::string> ChangedContentFields(
    const pb::CatalogEntryContent& a, const pb::CatalogEntryContent& b) {
  std::vector<std::string> changed;
  const google::protobuf::Descriptor* d = pb::CatalogEntryContent::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (FieldBytes(a, d->field(i)) != FieldBytes(b, d->field(i))) {
      changed.push_back(d->field(i)->name());
    }
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

void Evolve(CatalogEntryState& state, const pb::EventEnvelope& event) {
  FoldDeadlines(state.deadlines, event);
  FoldReleaseLedger(state.release_ledger, event);
  FoldObjectionLedger(state.objections, state.catalog_entry_id, event);
  state.state = StateAfterObjectionEvent(state.state, event.payload());
  FoldTakedownEvent(event, state.catalog_entry_id, state.state, state.takedown,
                    state.suspension);
  FoldChangeEvent(
      event,
      ChangeFoldTarget{&state.catalog_entry_id, &state.provider_organization,
                       &state.level, &state.region, &state.content,
                       &state.state, &state.change, &state.migration,
                       &state.industry, &state.destruction});
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryCreated: {
      const auto& e = p.catalog_entry_created();
      state.catalog_entry_id = e.catalog_entry_id();
      state.provider_organization = e.provider_organization();
      state.level = e.level();
      state.region = e.region();
      state.content = e.content();
      state.state = pb::CATALOG_ENTRY_STATE_DRAFT;
      break;
    }
    case pb::EventPayload::kCatalogEntryEdited:
      state.content = p.catalog_entry_edited().content();
      break;
    case pb::EventPayload::kCatalogEntrySubmitted: {
      const auto& e = p.catalog_entry_submitted();
      state.state = pb::CATALOG_ENTRY_STATE_SUBMITTED;
      state.submissions = e.submission();
      state.review_due = FromProto(e.review_due_time());
      state.changed_since_notice.assign(e.changed_since_notice().begin(),
                                        e.changed_since_notice().end());
      break;
    }
    case pb::EventPayload::kCatalogEntryPublished:
      state.state = pb::CATALOG_ENTRY_STATE_PUBLISHED;
      state.review_due = absl::InfinitePast();
      break;
    case pb::EventPayload::kCatalogEntryReturned: {
      const auto& e = p.catalog_entry_returned();
      state.state = pb::CATALOG_ENTRY_STATE_RETURNED;
      state.review_due = absl::InfinitePast();
      state.has_notice = true;
      state.notice_fields.clear();
      for (const auto& defect : e.defects())
        state.notice_fields.push_back(defect.field());
      std::sort(state.notice_fields.begin(), state.notice_fields.end());
      state.notice_fields.erase(
          std::unique(state.notice_fields.begin(), state.notice_fields.end()),
          state.notice_fields.end());
      state.content_at_notice = state.content;
      state.changed_since_notice.clear();
      break;
    }
    case pb::EventPayload::kDeadlineRevised: {
      const auto& e = p.deadline_revised();
      if (state.state == pb::CATALOG_ENTRY_STATE_SUBMITTED &&
          e.deadline_id() == CatalogReviewDeadlineId(state.catalog_entry_id,
                                                     state.submissions)) {
        state.review_due = FromProto(e.new_due_time());
      }
      break;
    }
    default:
      break;
  }
  state.version = event.stream_version();
}

}  // namespace opendata
