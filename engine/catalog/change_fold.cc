// Implementation of change_fold.h.
#include "engine/catalog/change_fold.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

bool IsChangeEvent(const pb::EventPayload& payload) {
  switch (payload.event_case()) {
    case pb::EventPayload::kCatalogEntryChangeApplied:
    case pb::EventPayload::kCatalogEntryChangeApproved:
    case pb::EventPayload::kCatalogEntryChangeRefused:
    case pb::EventPayload::kCatalogEntryMigrationRequested:
    case pb::EventPayload::kCatalogEntryMigrationConfirmed:
    case pb::EventPayload::kCatalogEntryMigrationDeclined:
    case pb::EventPayload::kCatalogEntryMigrationApproved:
    case pb::EventPayload::kCatalogEntryMigrationRefused:
    case pb::EventPayload::kCatalogEntryIndustryApplied:
    case pb::EventPayload::kCatalogEntryIndustryApproved:
    case pb::EventPayload::kCatalogEntryIndustryRefused:
    case pb::EventPayload::kCatalogEntryIndustryReturned:
    case pb::EventPayload::kCatalogEntryOpenCopyDestroyed:
      return true;
    default:
      return false;
  }
}

namespace {

void FoldContentChange(const pb::EventEnvelope& event,
                       const ChangeFoldTarget& t) {
  const pb::EventPayload& p = event.payload();
  pb::ContentChange& c = *t.change;
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryChangeApplied: {
      const auto& e = p.catalog_entry_change_applied();
      c.Clear();
      c.set_number(e.change());
      c.set_kind(e.kind());
      c.set_old_attribute(e.old_attribute());
      c.set_new_attribute(e.new_attribute());
      *c.mutable_proposed_content() = e.proposed_content();
      *c.mutable_changed_fields() = e.changed_fields();
      c.set_reasons(e.reasons());
      *c.mutable_basis_documents() = e.basis_documents();
      *c.mutable_opening_evidence() = e.opening_evidence();
      *c.mutable_applied_by() = event.actor();
      *c.mutable_apply_time() = event.occurred_at();
      c.set_state(pb::CHANGE_APPLICATION_STATE_PENDING);
      break;
    }
    case pb::EventPayload::kCatalogEntryChangeApproved:
      *t.content = p.catalog_entry_change_approved().content();
      c.set_state(pb::CHANGE_APPLICATION_STATE_APPROVED);
      *c.mutable_reviewer() = event.actor();
      *c.mutable_decide_time() = event.occurred_at();
      break;
    case pb::EventPayload::kCatalogEntryChangeRefused:
      c.set_state(pb::CHANGE_APPLICATION_STATE_REFUSED);
      *c.mutable_reviewer() = event.actor();
      *c.mutable_decide_time() = event.occurred_at();
      c.set_refusal_reasons(p.catalog_entry_change_refused().reasons());
      break;
    default:
      break;
  }
}

void FoldMigration(const pb::EventEnvelope& event, const ChangeFoldTarget& t) {
  const pb::EventPayload& p = event.payload();
  pb::Migration& m = *t.migration;
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryMigrationRequested: {
      const auto& e = p.catalog_entry_migration_requested();
      m.Clear();
      m.set_number(e.migration());
      m.set_from_organization(*t.provider_organization);
      m.set_from_level(*t.level);
      m.set_from_region(*t.region);
      m.set_to_organization(e.to_organization());
      m.set_to_level(e.to_level());
      m.set_to_region(e.to_region());
      m.set_reasons(e.reasons());
      *m.mutable_requested_by() = event.actor();
      *m.mutable_request_time() = event.occurred_at();
      m.set_state(pb::CHANGE_APPLICATION_STATE_PENDING);
      break;
    }
    case pb::EventPayload::kCatalogEntryMigrationConfirmed:
      m.set_state(pb::CHANGE_APPLICATION_STATE_CONFIRMED);
      *m.mutable_receiver() = event.actor();
      *m.mutable_receiver_time() = event.occurred_at();
      break;
    case pb::EventPayload::kCatalogEntryMigrationDeclined:
      m.set_state(pb::CHANGE_APPLICATION_STATE_DECLINED);
      *m.mutable_receiver() = event.actor();
      *m.mutable_receiver_time() = event.occurred_at();
      *m.mutable_close_time() = event.occurred_at();
      m.set_refusal_reasons(p.catalog_entry_migration_declined().reasons());
      break;
    case pb::EventPayload::kCatalogEntryMigrationApproved: {
      const auto& e = p.catalog_entry_migration_approved();
      *t.provider_organization = e.to_organization();
      *t.level = e.to_level();
      *t.region = e.to_region();
      m.set_state(pb::CHANGE_APPLICATION_STATE_APPROVED);
      *m.mutable_reviewer() = event.actor();
      *m.mutable_close_time() = event.occurred_at();
      break;
    }
    case pb::EventPayload::kCatalogEntryMigrationRefused:
      m.set_state(pb::CHANGE_APPLICATION_STATE_REFUSED);
      *m.mutable_reviewer() = event.actor();
      *m.mutable_close_time() = event.occurred_at();
      m.set_refusal_reasons(p.catalog_entry_migration_refused().reasons());
      break;
    default:
      break;
  }
}

void FoldIndustry(const pb::EventEnvelope& event, const ChangeFoldTarget& t) {
  const pb::EventPayload& p = event.payload();
  pb::IndustryApplication& a = *t.industry;
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryIndustryApplied: {
      const auto& e = p.catalog_entry_industry_applied();
      *t.catalog_entry_id = e.catalog_entry_id();
      *t.level = e.level();
      *t.region = e.declaration().region();
      *t.content = e.content();
      *t.state = pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED;
      a.Clear();
      a.set_number(e.application());
      a.set_applicant_organization(e.applicant_organization());
      *a.mutable_declaration() = e.declaration();
      *a.mutable_applied_by() = event.actor();
      *a.mutable_apply_time() = event.occurred_at();
      a.set_state(pb::CHANGE_APPLICATION_STATE_PENDING);
      break;
    }
    case pb::EventPayload::kCatalogEntryIndustryApproved:
      *t.provider_organization =
          p.catalog_entry_industry_approved().provider_organization();
      *t.state = pb::CATALOG_ENTRY_STATE_DRAFT;
      a.set_state(pb::CHANGE_APPLICATION_STATE_APPROVED);
      *a.mutable_reviewer() = event.actor();
      *a.mutable_decide_time() = event.occurred_at();
      break;
    case pb::EventPayload::kCatalogEntryIndustryRefused:
      *t.state = pb::CATALOG_ENTRY_STATE_INDUSTRY_REFUSED;
      a.set_state(pb::CHANGE_APPLICATION_STATE_REFUSED);
      *a.mutable_reviewer() = event.actor();
      *a.mutable_decide_time() = event.occurred_at();
      a.set_decision_reasons(p.catalog_entry_industry_refused().reasons());
      break;
    case pb::EventPayload::kCatalogEntryIndustryReturned:
      *t.state = pb::CATALOG_ENTRY_STATE_INDUSTRY_RETURNED;
      a.set_state(pb::CHANGE_APPLICATION_STATE_RETURNED);
      *a.mutable_reviewer() = event.actor();
      *a.mutable_decide_time() = event.occurred_at();
      a.set_decision_reasons(p.catalog_entry_industry_returned().reasons());
      break;
    default:
      break;
  }
}

}  // namespace

bool FoldChangeEvent(const pb::EventEnvelope& event,
                     const ChangeFoldTarget& t) {
  const pb::EventPayload& p = event.payload();
  if (!IsChangeEvent(p)) return false;
  FoldContentChange(event, t);
  FoldMigration(event, t);
  FoldIndustry(event, t);
  if (p.has_catalog_entry_open_copy_destroyed()) {
    t.destruction->set_reasons(p.catalog_entry_open_copy_destroyed().reasons());
    *t.destruction->mutable_destroyed_by() = event.actor();
    *t.destruction->mutable_destroy_time() = event.occurred_at();
  }
  return true;
}

}  // namespace opendata
