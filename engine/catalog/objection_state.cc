// Implementation of objection_state.h.
#include "engine/catalog/objection_state.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string ObjectionAnswerDeadlineId(const std::string& catalog_entry_id,
                                      int32_t objection) {
  return absl::StrCat("objection-answer:", catalog_entry_id, ":", objection);
}

bool IsObjectionEvent(const pb::EventPayload& payload) {
  switch (payload.event_case()) {
    case pb::EventPayload::kCatalogEntryObjectionFiled:
    case pb::EventPayload::kCatalogEntryObjectionVerified:
    case pb::EventPayload::kCatalogEntryObjectionAnswered:
    case pb::EventPayload::kCatalogEntryObjectionWithdrawn:
      return true;
    default:
      return false;
  }
}

void FoldObjectionLedger(ObjectionLedger& ledger,
                         const std::string& catalog_entry_id,
                         const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryObjectionFiled: {
      const auto& e = p.catalog_entry_objection_filed();
      pb::Objection& o = ledger[e.objection()];
      o.Clear();
      o.set_catalog_entry_id(catalog_entry_id);
      o.set_number(e.objection());
      o.set_kind(e.kind());
      o.set_description(e.description());
      *o.mutable_concerned_items() = e.concerned_items();
      *o.mutable_evidence() = e.evidence();
      *o.mutable_contact() = e.contact();
      *o.mutable_objector() = event.actor();
      *o.mutable_file_time() = event.occurred_at();
      o.set_state(pb::OBJECTION_STATE_PENDING);
      o.set_suspends(e.suspends());
      *o.mutable_answer_due_time() = e.answer_due_time();
      o.set_answer_due_provisional(e.answer_due_provisional());
      o.set_releases_at_filing(e.releases_at_filing());
      return;
    }
    case pb::EventPayload::kCatalogEntryObjectionVerified: {
      const auto& e = p.catalog_entry_objection_verified();
      auto it = ledger.find(e.objection());
      if (it == ledger.end()) return;
      pb::ObjectionVerification* v = it->second.mutable_verification();
      v->set_founded(e.founded());
      v->set_finding(e.finding());
      *v->mutable_reviewer() = event.actor();
      *v->mutable_verify_time() = event.occurred_at();
      return;
    }
    case pb::EventPayload::kCatalogEntryObjectionAnswered: {
      const auto& e = p.catalog_entry_objection_answered();
      auto it = ledger.find(e.objection());
      if (it == ledger.end()) return;
      pb::Objection& o = it->second;
      o.set_state(pb::OBJECTION_STATE_ANSWERED);
      o.set_outcome(e.outcome());
      o.set_answer(e.answer());
      *o.mutable_answered_by() = event.actor();
      *o.mutable_close_time() = event.occurred_at();
      o.set_answer_late(e.late());
      o.set_correcting_release(e.correcting_release());
      o.set_hold_lifted(e.hold_lifted());
      return;
    }
    case pb::EventPayload::kCatalogEntryObjectionWithdrawn: {
      const auto& e = p.catalog_entry_objection_withdrawn();
      auto it = ledger.find(e.objection());
      if (it == ledger.end()) return;
      it->second.set_state(pb::OBJECTION_STATE_WITHDRAWN);
      *it->second.mutable_close_time() = event.occurred_at();
      it->second.set_hold_lifted(e.hold_lifted());
      return;
    }
    case pb::EventPayload::kDeadlineRevised: {
      const auto& e = p.deadline_revised();
      for (auto& [number, o] : ledger) {
        if (o.state() == pb::OBJECTION_STATE_PENDING &&
            e.deadline_id() ==
                ObjectionAnswerDeadlineId(catalog_entry_id, number)) {
          *o.mutable_answer_due_time() = e.new_due_time();
          o.set_answer_due_provisional(e.new_provisional());
        }
      }
      return;
    }
    default:
      return;
  }
}

pb::CatalogEntryState StateAfterObjectionEvent(pb::CatalogEntryState state,
                                               const pb::EventPayload& p) {
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryObjectionFiled:
      return p.catalog_entry_objection_filed().suspends()
                 ? pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION
                 : state;
    case pb::EventPayload::kCatalogEntryObjectionAnswered: {
      const auto& e = p.catalog_entry_objection_answered();
      if (e.taken_down()) return pb::CATALOG_ENTRY_STATE_TAKEN_DOWN;
      return e.hold_lifted() ? pb::CATALOG_ENTRY_STATE_PUBLISHED : state;
    }
    case pb::EventPayload::kCatalogEntryObjectionWithdrawn:
      return p.catalog_entry_objection_withdrawn().hold_lifted()
                 ? pb::CATALOG_ENTRY_STATE_PUBLISHED
                 : state;
    default:
      return state;
  }
}

namespace {

// Removes `number` from the view's holding objections.
void Release(pb::CatalogEntry& view, int32_t number) {
  std::vector<int32_t> kept;
  for (int32_t n : view.holding_objections())
    if (n != number) kept.push_back(n);
  view.clear_holding_objections();
  for (int32_t n : kept) view.add_holding_objections(n);
}

}  // namespace

bool FoldObjectionView(pb::CatalogEntry& view, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  if (!IsObjectionEvent(p)) return false;
  const pb::CatalogEntryState before = view.state();
  view.set_state(StateAfterObjectionEvent(before, p));
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryObjectionFiled: {
      const auto& e = p.catalog_entry_objection_filed();
      view.set_objection_count(view.objection_count() + 1);
      if (e.suspends()) {
        view.add_holding_objections(e.objection());
        if (!view.has_objection_hold_time())
          *view.mutable_objection_hold_time() = event.occurred_at();
      }
      break;
    }
    case pb::EventPayload::kCatalogEntryObjectionAnswered:
      Release(view, p.catalog_entry_objection_answered().objection());
      if (p.catalog_entry_objection_answered().taken_down())
        *view.mutable_taken_down_time() = event.occurred_at();
      break;
    case pb::EventPayload::kCatalogEntryObjectionWithdrawn:
      Release(view, p.catalog_entry_objection_withdrawn().objection());
      break;
    default:
      break;
  }
  if (view.holding_objections().empty()) view.clear_objection_hold_time();
  view.set_version(event.stream_version());
  *view.mutable_update_time() = event.occurred_at();
  return true;
}

}  // namespace opendata
