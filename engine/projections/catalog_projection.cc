// Implementation of catalog_projection.h.
#include "engine/projections/catalog_projection.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/catalog/catalog_state.h"
#include "engine/catalog/change_fold.h"
#include "engine/catalog/objection_state.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/release_projection.h"
#include "engine/query/search_text.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string SortableNumber(int64_t n, int width) {
  std::string digits = absl::StrCat(n < 0 ? 0 : n);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, width - digits.size(), '0');
  return digits;
}

namespace {

// Applies a change event (change_fold.h) to the view; false for other events.
bool FoldChangeView(pb::CatalogEntry& view, const pb::EventEnvelope& event) {
  if (!IsChangeEvent(event.payload())) return false;
  pb::CatalogEntryState state = view.state();
  pb::Level level = view.level();
  pb::ContentChange change = view.current_change();
  pb::Migration migration = view.current_migration();
  pb::IndustryApplication industry = view.industry();
  pb::Destruction destruction = view.destruction();
  FoldChangeEvent(
      event,
      ChangeFoldTarget{view.mutable_catalog_entry_id(),
                       view.mutable_provider_organization(), &level,
                       view.mutable_region(), view.mutable_content(), &state,
                       &change, &migration, &industry, &destruction});
  view.set_state(state);
  view.set_level(level);
  if (change.number() > 0) *view.mutable_current_change() = std::move(change);
  if (migration.number() > 0)
    *view.mutable_current_migration() = std::move(migration);
  if (industry.number() > 0) *view.mutable_industry() = std::move(industry);
  if (destruction.has_destroy_time())
    *view.mutable_destruction() = std::move(destruction);
  if (!view.has_create_time())
    *view.mutable_create_time() = event.occurred_at();
  view.set_version(event.stream_version());
  *view.mutable_update_time() = event.occurred_at();
  return true;
}

// The rows of the reviewers' work queue (ListPendingChanges).
void AddWorkRows(const pb::CatalogEntry& view, ProjectionRows& rows) {
  auto add = [&](int kind, const std::string& region,
                 const google::protobuf::Timestamp& since) {
    const std::string key =
        absl::StrCat(SortableNumber(absl::ToUnixMicros(FromProto(since)), 20),
                     "/", kind, "/", view.catalog_entry_id());
    rows[absl::StrCat(kCatalogWorkPrefix, region, "/", key)] = "";
    rows[absl::StrCat(kCatalogWorkAllPrefix, key)] = "";
  };
  if (view.current_change().state() == pb::CHANGE_APPLICATION_STATE_PENDING) {
    add(pb::PENDING_CHANGE_KIND_CONTENT_CHANGE, view.region(),
        view.current_change().apply_time());
  }
  const pb::Migration& m = view.current_migration();
  if (m.state() == pb::CHANGE_APPLICATION_STATE_CONFIRMED) {
    add(pb::PENDING_CHANGE_KIND_MIGRATION,
        MigrationDecisionRegion(view.region(), m.to_region()),
        m.receiver_time());
  }
  if (view.state() == pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED) {
    add(pb::PENDING_CHANGE_KIND_INDUSTRY_ENTRY, view.region(),
        view.industry().apply_time());
  }
}

// The rows of the takedown approvals waiting for a reviewer.
void AddTakedownWorkRows(const pb::CatalogEntry& view, ProjectionRows& rows) {
  std::string region;
  google::protobuf::Timestamp since;
  if (!TakedownApprovalStep(view, &region, &since)) return;
  const std::string key =
      absl::StrCat(SortableNumber(absl::ToUnixMicros(FromProto(since)), 20),
                   "/", view.catalog_entry_id());
  rows[absl::StrCat(kCatalogTakedownWorkPrefix, region, "/", key)] = "";
  rows[absl::StrCat(kCatalogTakedownWorkAllPrefix, key)] = "";
}

// The rows of the search index (catalog/search/<gram>/<id>).
void AddSearchRows(const pb::CatalogEntry& view, ProjectionRows& rows) {
  std::set<std::string> grams;
  for (const std::string* text :
       {&view.content().name(), &view.content().domain(),
        &view.content().description()}) {
    grams.merge(IndexGrams(NormalizeSearchText(*text)));
  }
  for (const std::string& gram : grams) {
    rows[absl::StrCat(kCatalogSearchPrefix, GramKeySegment(gram), "/",
                      view.catalog_entry_id())] = "";
  }
}

}  // namespace

bool TakedownApprovalStep(const pb::CatalogEntry& entry, std::string* region,
                          google::protobuf::Timestamp* since) {
  const pb::Takedown& t = entry.current_takedown();
  if (t.state() == pb::TAKEDOWN_STATE_APPLIED) {
    *region = entry.level() == pb::LEVEL_COUNTY ? entry.region()
                                                : std::string(kCityRegion);
    *since = t.request_time();
    return true;
  }
  if (t.state() == pb::TAKEDOWN_STATE_COUNTY_APPROVED) {
    *region = std::string(kCityRegion);
    *since = t.county_approval().approve_time();
    return true;
  }
  return false;
}

std::string MigrationDecisionRegion(const std::string& entry_region,
                                    const std::string& to_region) {
  return entry_region == to_region ? entry_region : std::string(kCityRegion);
}

void FoldCatalogView(pb::CatalogEntry& view, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  if (FoldChangeView(view, event)) return;
  if (FoldObjectionView(view, event)) return;
  pb::CatalogEntryState state = view.state();
  pb::Takedown takedown = view.current_takedown();
  pb::QualitySuspension suspension = view.quality_suspension();
  if (state != pb::CATALOG_ENTRY_STATE_UNSPECIFIED &&
      FoldTakedownEvent(event, view.catalog_entry_id(), state, takedown,
                        suspension)) {
    view.set_state(state);
    if (takedown.number() == 0) {
      view.clear_current_takedown();
    } else {
      *view.mutable_current_takedown() = std::move(takedown);
    }
    if (suspension.reasons().empty()) {
      view.clear_quality_suspension();
    } else {
      *view.mutable_quality_suspension() = std::move(suspension);
    }
    if (p.has_catalog_entry_taken_down())
      *view.mutable_taken_down_time() = event.occurred_at();
    view.set_version(event.stream_version());
    *view.mutable_update_time() = event.occurred_at();
    return;
  }
  switch (p.event_case()) {
    case pb::EventPayload::kCatalogEntryCreated: {
      const auto& e = p.catalog_entry_created();
      view.set_catalog_entry_id(e.catalog_entry_id());
      view.set_provider_organization(e.provider_organization());
      view.set_level(e.level());
      view.set_region(e.region());
      *view.mutable_content() = e.content();
      view.set_state(pb::CATALOG_ENTRY_STATE_DRAFT);
      *view.mutable_create_time() = event.occurred_at();
      break;
    }
    case pb::EventPayload::kCatalogEntryEdited:
      *view.mutable_content() = p.catalog_entry_edited().content();
      break;
    case pb::EventPayload::kCatalogEntrySubmitted: {
      const auto& e = p.catalog_entry_submitted();
      view.set_state(pb::CATALOG_ENTRY_STATE_SUBMITTED);
      view.set_submissions(e.submission());
      *view.mutable_submit_time() = event.occurred_at();
      *view.mutable_review_due_time() = e.review_due_time();
      view.set_review_due_provisional(e.review_due_provisional());
      break;
    }
    case pb::EventPayload::kCatalogEntryPublished:
      view.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
      *view.mutable_publish_time() = event.occurred_at();
      view.clear_submit_time();
      view.clear_review_due_time();
      view.clear_review_due_provisional();
      break;
    case pb::EventPayload::kCatalogEntryReturned: {
      const auto& e = p.catalog_entry_returned();
      view.set_state(pb::CATALOG_ENTRY_STATE_RETURNED);
      auto* notice = view.mutable_last_notice();
      notice->set_submission(e.submission());
      *notice->mutable_defects() = e.defects();
      *notice->mutable_reviewer() = event.actor();
      *notice->mutable_return_time() = event.occurred_at();
      view.clear_submit_time();
      view.clear_review_due_time();
      view.clear_review_due_provisional();
      break;
    }
    case pb::EventPayload::kDeadlineRevised: {
      const auto& e = p.deadline_revised();
      if (view.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED &&
          e.deadline_id() == "catalog-review:" + view.catalog_entry_id() + ":" +
                                 std::to_string(view.submissions())) {
        *view.mutable_review_due_time() = e.new_due_time();
        view.set_review_due_provisional(e.new_provisional());
      }
      break;
    }
    case pb::EventPayload::kDeadlineStarted:
    case pb::EventPayload::kDeadlineMet:
    case pb::EventPayload::kDeadlineOverdue:
    case pb::EventPayload::kDeadlineCancelled:
      FoldReleaseView(view, event);
      break;
    default:
      if (!FoldReleaseView(view, event)) return;
      break;
  }
  view.set_version(event.stream_version());
  *view.mutable_update_time() = event.occurred_at();
}

ProjectionRows CatalogRows(const pb::CatalogEntry& view) {
  ProjectionRows rows;
  if (view.catalog_entry_id().empty()) return rows;
  const std::string& id = view.catalog_entry_id();
  rows[kCatalogEntryRowPrefix + id] = SerializeDeterministic(view);
  // An industry application has no provider until it is approved.
  if (!view.provider_organization().empty()) {
    rows[absl::StrCat(kCatalogByProviderPrefix, view.provider_organization(),
                      "/", id)] = "";
  }
  rows[absl::StrCat(kCatalogByStatePrefix, SortableNumber(view.state(), 2), "/",
                    id)] = "";
  if (view.content().open_attribute() != pb::OPEN_ATTRIBUTE_UNSPECIFIED) {
    rows[absl::StrCat(kCatalogByAttributePrefix,
                      SortableNumber(view.content().open_attribute(), 2), "/",
                      id)] = "";
  }
  if (view.current_takedown().state() == pb::TAKEDOWN_STATE_NOTICE) {
    rows[absl::StrCat(
        kCatalogNoticePrefix,
        SortableNumber(absl::ToUnixMicros(FromProto(
                           view.current_takedown().notice_end_time())),
                       20),
        "/", id)] = "";
  }
  AddWorkRows(view, rows);
  AddTakedownWorkRows(view, rows);
  AddSearchRows(view, rows);
  if (view.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED) {
    const std::string due = SortableNumber(
        absl::ToUnixMicros(FromProto(view.review_due_time())), 20);
    rows[absl::StrCat(kCatalogPendingPrefix, view.region(), "/", due, "/",
                      id)] = "";
    rows[absl::StrCat(kCatalogPendingAllPrefix, due, "/", id)] = "";
  }
  return rows;
}

}  // namespace opendata
