// Implementation of work_queue.h. Each source is scanned under the region's
// prefix (or the all-regions prefix for a city reviewer who names none), every
// item gets a sort key "<group>/<time, 20 digits>/<kind, 2 digits>/<id>"
// (group 0: overdue, 1: with a clock, 2: without), and a page returns the
// smallest keys above the token's. The queue is read whole per call: it holds
// open items only.
#include "engine/query/work_queue.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/deadline_projection.h"
#include "engine/projections/demand_projection.h"
#include "engine/projections/objection_projection.h"
#include "engine/projections/product_projection.h"
#include "engine/query/my_items.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "jining/opendata/v1/demands.pb.h"
#include "jining/opendata/v1/objections.pb.h"
#include "jining/opendata/v1/products.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

// Rows read per source at most; a queue is open work, far below this.
constexpr size_t kSourceLimit = 100000;

struct Keyed {
  std::string key;
  pb::WorkItem item;
};

absl::Status Corrupt(absl::string_view what, absl::string_view key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat(what, " row missing or unreadable"),
                   {{"key", std::string(key)}});
}

template <typename Message>
absl::StatusOr<Message> Read(EventStore& store, const std::string& key,
                             absl::string_view what) {
  ASSIGN_OR_RETURN(std::optional<std::string> row, store.GetProjection(key));
  Message message;
  if (!row.has_value() || !message.ParseFromString(*row))
    return Corrupt(what, key);
  return message;
}

std::string Last(absl::string_view key) {
  return std::string(key.substr(key.rfind('/') + 1));
}

class Collector {
 public:
  Collector(EventStore& store, std::string region, absl::Time now,
            const WorkingCalendar& calendar)
      : store_(store),
        region_(std::move(region)),
        now_(now),
        calendar_(calendar) {}

  absl::Status Deadlines() {
    for (pb::DeadlineState state :
         {pb::DEADLINE_STATE_OPEN, pb::DEADLINE_STATE_OVERDUE}) {
      const std::string prefix =
          region_.empty() ? absl::StrCat(kDeadlineByStatePrefix,
                                         SortableNumber(state, 2), "/")
                          : absl::StrCat(kDeadlineByRegionPrefix, region_, "/",
                                         SortableNumber(state, 2), "/");
      ASSIGN_OR_RETURN(Rows rows, Scan(prefix));
      for (const auto& [key, value] : rows) {
        ASSIGN_OR_RETURN(
            pb::Deadline d,
            Read<pb::Deadline>(store_, kDeadlineRowPrefix + Last(key),
                               "deadline"));
        if (d.responsible_role() != pb::ROLE_REVIEWER) continue;
        pb::WorkItem item;
        item.set_id(d.subject_id());
        item.set_region(d.responsible_region());
        *item.mutable_waiting_since() = d.start_time();
        *item.mutable_due_time() = d.due_time();
        switch (d.kind()) {
          case pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW: {
            item.set_kind(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW);
            ASSIGN_OR_RETURN(pb::CatalogEntry e, Entry(d.subject_id()));
            item.set_title(e.content().name());
            item.set_organization(e.provider_organization());
            break;
          }
          case pb::DEADLINE_KIND_APPLICATION_FORMAL_REVIEW: {
            item.set_kind(pb::WORK_ITEM_KIND_APPLICATION_FORMAL_REVIEW);
            ASSIGN_OR_RETURN(
                pb::Application a,
                Read<pb::Application>(store_, ApplicationRowKey(d.subject_id()),
                                      "application"));
            item.set_title(a.entry().name());
            item.set_organization(a.entry().provider_organization());
            break;
          }
          case pb::DEADLINE_KIND_DEMAND_FORMAL_REVIEW: {
            item.set_kind(pb::WORK_ITEM_KIND_DEMAND_FORMAL_REVIEW);
            ASSIGN_OR_RETURN(
                pb::Demand dm,
                Read<pb::Demand>(store_, DemandRowKey(d.subject_id()),
                                 "demand"));
            item.set_title(dm.form().resource_name());
            item.set_organization(dm.form().owning_department());
            break;
          }
          default:
            continue;  // upkeep clocks (quality, plans) are not queue items
        }
        Add(std::move(item));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Changes() {
    const std::string prefix =
        region_.empty() ? std::string(kCatalogWorkAllPrefix)
                        : absl::StrCat(kCatalogWorkPrefix, region_, "/");
    ASSIGN_OR_RETURN(Rows rows, Scan(prefix));
    for (const auto& [key, value] : rows) {
      ASSIGN_OR_RETURN(pb::CatalogEntry e, Entry(Last(key)));
      // <since>/<kind>/<id> after the prefix.
      const std::string tail = key.substr(prefix.size());
      int kind = 0;
      if (tail.size() < 22 ||
          !absl::SimpleAtoi(tail.substr(21, tail.rfind('/') - 21), &kind)) {
        return Corrupt("work", key);
      }
      pb::WorkItem item;
      item.set_id(e.catalog_entry_id());
      item.set_title(e.content().name());
      item.set_organization(e.provider_organization());
      item.set_region(e.region());
      if (kind == pb::PENDING_CHANGE_KIND_CONTENT_CHANGE) {
        item.set_kind(pb::WORK_ITEM_KIND_CONTENT_CHANGE);
        *item.mutable_waiting_since() = e.current_change().apply_time();
      } else if (kind == pb::PENDING_CHANGE_KIND_MIGRATION) {
        item.set_kind(pb::WORK_ITEM_KIND_MIGRATION);
        item.set_region(MigrationDecisionRegion(
            e.region(), e.current_migration().to_region()));
        *item.mutable_waiting_since() = e.current_migration().receiver_time();
      } else {
        item.set_kind(pb::WORK_ITEM_KIND_INDUSTRY_ENTRY);
        *item.mutable_waiting_since() = e.industry().apply_time();
      }
      Add(std::move(item));
    }
    return absl::OkStatus();
  }

  absl::Status Takedowns() {
    const std::string prefix =
        region_.empty()
            ? std::string(kCatalogTakedownWorkAllPrefix)
            : absl::StrCat(kCatalogTakedownWorkPrefix, region_, "/");
    ASSIGN_OR_RETURN(Rows rows, Scan(prefix));
    for (const auto& [key, value] : rows) {
      ASSIGN_OR_RETURN(pb::CatalogEntry e, Entry(Last(key)));
      pb::WorkItem item;
      std::string region;
      if (!TakedownApprovalStep(e, &region, item.mutable_waiting_since()))
        return Corrupt("takedown", key);
      item.set_kind(pb::WORK_ITEM_KIND_TAKEDOWN_APPROVAL);
      item.set_id(e.catalog_entry_id());
      item.set_title(e.content().name());
      item.set_organization(e.provider_organization());
      item.set_region(region);
      Add(std::move(item));
    }
    return absl::OkStatus();
  }

  absl::Status Objections() {
    const std::string prefix =
        region_.empty() ? std::string(kObjectionPendingAllPrefix)
                        : absl::StrCat(kObjectionPendingPrefix, region_, "/");
    ASSIGN_OR_RETURN(Rows rows, Scan(prefix));
    for (const auto& [key, value] : rows) {
      pb::Objection o;
      if (!o.ParseFromString(value)) return Corrupt("objection", key);
      if (o.has_verification()) continue;
      ASSIGN_OR_RETURN(pb::CatalogEntry e, Entry(o.catalog_entry_id()));
      pb::WorkItem item;
      item.set_kind(pb::WORK_ITEM_KIND_OBJECTION_VERIFICATION);
      item.set_id(absl::StrCat(o.catalog_entry_id(), "/", o.number()));
      item.set_title(e.content().name());
      item.set_organization(o.provider_organization());
      item.set_region(o.region());
      *item.mutable_waiting_since() = o.file_time();
      Add(std::move(item));
    }
    return absl::OkStatus();
  }

  absl::Status Products() {
    const std::string prefix =
        region_.empty()
            ? std::string(kProductQueuePrefix)
            : absl::StrCat(kProductQueuePrefix, KeyPart(region_), "/");
    ASSIGN_OR_RETURN(Rows rows, Scan(prefix));
    for (const auto& [key, value] : rows) {
      ASSIGN_OR_RETURN(
          pb::Product p,
          Read<pb::Product>(store_, ProductRowKey(Last(key)), "product"));
      pb::WorkItem item;
      item.set_kind(pb::WORK_ITEM_KIND_PRODUCT_SCREENING);
      item.set_id(p.product_id());
      item.set_title(p.content().name());
      item.set_organization(p.publisher_organization());
      item.set_region(p.screening_region());
      *item.mutable_waiting_since() = p.submit_time();
      Add(std::move(item));
    }
    return absl::OkStatus();
  }

  // The open and overdue clocks whose responsible organisation is `org`.
  absl::Status OrgDeadlines(const std::string& org) {
    for (pb::DeadlineState state :
         {pb::DEADLINE_STATE_OPEN, pb::DEADLINE_STATE_OVERDUE}) {
      ASSIGN_OR_RETURN(Rows rows,
                       Scan(absl::StrCat(kDeadlineByOrgPrefix, org, "/",
                                         SortableNumber(state, 2), "/")));
      for (const auto& [key, value] : rows) {
        ASSIGN_OR_RETURN(
            pb::Deadline d,
            Read<pb::Deadline>(store_, kDeadlineRowPrefix + Last(key),
                               "deadline"));
        pb::WorkItem item;
        item.set_kind(pb::WORK_ITEM_KIND_PROVIDER_CLOCK);
        item.set_id(d.subject_id());
        item.set_deadline_kind(d.kind());
        item.set_deadline_id(d.deadline_id());
        item.set_organization(org);
        item.set_region(d.responsible_region());
        *item.mutable_waiting_since() = d.start_time();
        *item.mutable_due_time() = d.due_time();
        ASSIGN_OR_RETURN(
            std::optional<std::string> row,
            store_.GetProjection(kCatalogEntryRowPrefix + d.subject_id()));
        pb::CatalogEntry e;
        if (row.has_value() && e.ParseFromString(*row))
          item.set_title(e.content().name());
        Add(std::move(item));
      }
    }
    return absl::OkStatus();
  }

  // The entries of `org` returned for correction.
  absl::Status Returned(const std::string& org) {
    ASSIGN_OR_RETURN(Rows rows,
                     Scan(absl::StrCat(kCatalogByProviderPrefix, org, "/")));
    for (const auto& [key, value] : rows) {
      ASSIGN_OR_RETURN(pb::CatalogEntry e, Entry(Last(key)));
      if (e.state() != pb::CATALOG_ENTRY_STATE_RETURNED) continue;
      pb::WorkItem item;
      item.set_kind(pb::WORK_ITEM_KIND_RETURNED_ENTRY);
      item.set_id(e.catalog_entry_id());
      item.set_title(e.content().name());
      item.set_organization(org);
      item.set_region(e.region());
      *item.mutable_waiting_since() = e.last_notice().return_time();
      Add(std::move(item));
    }
    return absl::OkStatus();
  }

  std::vector<Keyed> Take() && { return std::move(items_); }

 private:
  absl::StatusOr<Rows> Scan(const std::string& prefix) {
    return store_.ScanProjection(prefix, "", kSourceLimit);
  }

  absl::StatusOr<pb::CatalogEntry> Entry(const std::string& id) {
    return Read<pb::CatalogEntry>(store_, kCatalogEntryRowPrefix + id,
                                  "catalog entry");
  }

  void Add(pb::WorkItem item) {
    int group = 2;
    absl::Time at = FromProto(item.waiting_since());
    if (item.has_due_time()) {
      at = FromProto(item.due_time());
      item.set_overdue(IsOverdue(now_, at));
      bool provisional = false;
      item.set_working_days_remaining(
          calendar_.WorkingDaysRemaining(now_, at, &provisional));
      group = item.overdue() ? 0 : 1;
    }
    Keyed keyed;
    keyed.key =
        absl::StrCat(group, "/", SortableNumber(absl::ToUnixMicros(at), 20),
                     "/", SortableNumber(item.kind(), 2), "/", item.id());
    keyed.item = std::move(item);
    items_.push_back(std::move(keyed));
  }

  EventStore& store_;
  const std::string region_;
  const absl::Time now_;
  const WorkingCalendar& calendar_;
  std::vector<Keyed> items_;
};

// The page of `items` whose keys follow `after`, sorted, with the token of
// the next page.
template <typename Response>
Response Page(std::vector<Keyed> items, const std::string& after, int page_size,
              const std::string& filter_key) {
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const Keyed& k) { return k.key <= after; }),
              items.end());
  std::sort(items.begin(), items.end(),
            [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
  Response response;
  const size_t n = std::min(items.size(), static_cast<size_t>(page_size));
  for (size_t i = 0; i < n; ++i)
    *response.add_items() = std::move(items[i].item);
  if (items.size() > n)
    response.set_next_page_token(EncodePageToken(filter_key, items[n - 1].key));
  return response;
}

}  // namespace

absl::StatusOr<pb::ListWorkQueueResponse> WorkQueueQueries::List(
    const pb::Actor& actor, const pb::ListWorkQueueRequest& request,
    absl::Time now, const WorkingCalendar& calendar) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  std::string region = request.region();
  if (actor.level() == pb::LEVEL_COUNTY) {
    if (!region.empty() && region != actor.region())
      return RequireReviewerFor(actor, region);
    region = actor.region();
  } else if (!region.empty() && !IsKnownRegion(region)) {
    return InvalidArgument("FILTER_INVALID",
                           {{"region", "not a Jining region code"}});
  }
  const std::string filter_key =
      absl::StrCat("workqueue|", region, "|", actor.subject());
  ASSIGN_OR_RETURN(const std::string after,
                   DecodePageToken(filter_key, request.page_token()));

  Collector collector(*store_, region, now, calendar);
  RETURN_IF_ERROR(collector.Deadlines());
  RETURN_IF_ERROR(collector.Changes());
  RETURN_IF_ERROR(collector.Takedowns());
  RETURN_IF_ERROR(collector.Objections());
  RETURN_IF_ERROR(collector.Products());
  return Page<pb::ListWorkQueueResponse>(std::move(collector).Take(), after,
                                         page_size, filter_key);
}

absl::StatusOr<pb::ListOpenItemsResponse> WorkQueueQueries::ListOpenItems(
    const pb::Actor& actor, const pb::ListOpenItemsRequest& request,
    absl::Time now, const WorkingCalendar& calendar) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_PROVIDER));
  ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  const std::string filter_key =
      absl::StrCat("openitems|", actor.organization(), "|", actor.subject());
  ASSIGN_OR_RETURN(const std::string after,
                   DecodePageToken(filter_key, request.page_token()));
  Collector collector(*store_, actor.region(), now, calendar);
  RETURN_IF_ERROR(collector.OrgDeadlines(actor.organization()));
  RETURN_IF_ERROR(collector.Returned(actor.organization()));
  return Page<pb::ListOpenItemsResponse>(std::move(collector).Take(), after,
                                         page_size, filter_key);
}

absl::StatusOr<pb::ListMyItemsResponse> WorkQueueQueries::ListMyItems(
    const pb::Actor& actor, const pb::ListMyItemsRequest& request) const {
  return opendata::ListMyItems(*store_, actor, request);
}

}  // namespace opendata
