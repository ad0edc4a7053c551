// Implementation of my_items.h. Each source list is read whole, page by page
// at the largest page size; every item gets a sort key "<inverted last change
// micros, 20 digits>/<kind, 2 digits>/<id>" so that ascending keys are newest
// first, and a page returns the smallest keys above the token's.
#include "engine/query/my_items.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/application_queries.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/demand_queries.h"
#include "engine/query/objection_queries.h"
#include "engine/query/page_token.h"
#include "engine/query/product_queries.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

struct Keyed {
  std::string key;
  pb::WorkItem item;
};

// The latest of the set timestamps.
absl::Time Latest(
    std::initializer_list<const google::protobuf::Timestamp*> ts) {
  absl::Time latest = absl::InfinitePast();
  for (const google::protobuf::Timestamp* t : ts) {
    if (t->seconds() != 0 || t->nanos() != 0)
      latest = std::max(latest, FromProto(*t));
  }
  return latest;
}

class Collector {
 public:
  Collector(EventStore& store, const pb::Actor& actor, pb::WorkItemKind kind)
      : store_(store), actor_(actor), kind_(kind) {}

  absl::Status Applications() {
    if (!Wanted(pb::WORK_ITEM_KIND_MY_APPLICATION)) return absl::OkStatus();
    ApplicationQueries queries(&store_);
    std::string token;
    do {
      ASSIGN_OR_RETURN(ApplicationPage page,
                       queries.List(actor_, kMaxPageSize, token));
      for (const pb::Application& a : page.applications) {
        pb::WorkItem item =
            Item(pb::WORK_ITEM_KIND_MY_APPLICATION, a.application_id(),
                 a.entry().name(), a.entry().catalog_entry_id());
        item.set_state(pb::ApplicationState_Name(a.state()));
        Add(std::move(item), Latest({&a.submit_time(), &a.update_time()}));
      }
      token = page.next_page_token;
    } while (!token.empty());
    return absl::OkStatus();
  }

  absl::Status Grants() {
    if (!Wanted(pb::WORK_ITEM_KIND_MY_GRANT)) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::vector<pb::AccessGrant> grants,
                     ApplicationQueries(&store_).Grants(actor_));
    for (const pb::AccessGrant& g : grants) {
      if (g.state() != pb::GRANT_STATE_ACTIVE) continue;
      ASSIGN_OR_RETURN(std::string title, EntryName(g.catalog_entry_id()));
      pb::WorkItem item = Item(pb::WORK_ITEM_KIND_MY_GRANT, g.application_id(),
                               title, g.catalog_entry_id());
      item.set_state(pb::GrantState_Name(g.state()));
      Add(std::move(item), Latest({&g.grant_time(), &g.close_time()}));
    }
    return absl::OkStatus();
  }

  absl::Status Demands() {
    if (!Wanted(pb::WORK_ITEM_KIND_MY_DEMAND)) return absl::OkStatus();
    DemandQueries queries(&store_);
    std::string token;
    do {
      ASSIGN_OR_RETURN(DemandPage page,
                       queries.ListOwn(actor_, kMaxPageSize, token));
      for (const pb::Demand& d : page.demands) {
        pb::WorkItem item =
            Item(pb::WORK_ITEM_KIND_MY_DEMAND, d.demand_id(),
                 d.form().resource_name(), d.linked_entry().catalog_entry_id());
        item.set_state(pb::DemandState_Name(d.state()));
        Add(std::move(item), Latest({&d.submit_time(), &d.update_time()}));
      }
      token = page.next_page_token;
    } while (!token.empty());
    return absl::OkStatus();
  }

  absl::Status Objections() {
    if (!Wanted(pb::WORK_ITEM_KIND_MY_OBJECTION)) return absl::OkStatus();
    ObjectionQueries queries(&store_);
    std::string token;
    do {
      ASSIGN_OR_RETURN(ObjectionPage page,
                       queries.Mine(actor_, kMaxPageSize, token));
      for (const pb::Objection& o : page.objections) {
        ASSIGN_OR_RETURN(std::string title, EntryName(o.catalog_entry_id()));
        pb::WorkItem item =
            Item(pb::WORK_ITEM_KIND_MY_OBJECTION,
                 absl::StrCat(o.catalog_entry_id(), "/", o.number()), title,
                 o.catalog_entry_id());
        item.set_state(pb::ObjectionState_Name(o.state()));
        Add(std::move(item),
            Latest({&o.file_time(), &o.verification().verify_time(),
                    &o.close_time()}));
      }
      token = page.next_page_token;
    } while (!token.empty());
    return absl::OkStatus();
  }

  absl::Status Products() {
    if (!Wanted(pb::WORK_ITEM_KIND_MY_PRODUCT)) return absl::OkStatus();
    ProductQueries queries(&store_);
    std::string token;
    do {
      ASSIGN_OR_RETURN(ProductPage page,
                       queries.Mine(actor_, kMaxPageSize, token));
      for (const pb::Product& p : page.products) {
        pb::WorkItem item = Item(pb::WORK_ITEM_KIND_MY_PRODUCT, p.product_id(),
                                 p.content().name(), "");
        item.set_state(pb::ProductState_Name(p.state()));
        Add(std::move(item), Latest({&p.submit_time(), &p.update_time()}));
      }
      token = page.next_page_token;
    } while (!token.empty());
    return absl::OkStatus();
  }

  std::vector<Keyed> Take() && { return std::move(items_); }

 private:
  bool Wanted(pb::WorkItemKind kind) const {
    return kind_ == pb::WORK_ITEM_KIND_UNSPECIFIED || kind_ == kind;
  }

  static pb::WorkItem Item(pb::WorkItemKind kind, const std::string& id,
                           const std::string& title, const std::string& entry) {
    pb::WorkItem item;
    item.set_kind(kind);
    item.set_id(id);
    item.set_title(title);
    item.set_catalog_entry_id(entry);
    return item;
  }

  // The entry's name, empty if the entry has no row.
  absl::StatusOr<std::string> EntryName(const std::string& id) {
    ASSIGN_OR_RETURN(std::optional<std::string> row,
                     store_.GetProjection(kCatalogEntryRowPrefix + id));
    pb::CatalogEntry entry;
    if (!row.has_value() || !entry.ParseFromString(*row)) return std::string();
    return entry.content().name();
  }

  void Add(pb::WorkItem item, absl::Time changed) {
    int64_t micros = 0;
    if (changed != absl::InfinitePast()) {
      *item.mutable_last_change_time() = ToProto(changed);
      micros = absl::ToUnixMicros(changed);
    }
    Keyed keyed;
    keyed.key = absl::StrCat(
        SortableNumber(std::numeric_limits<int64_t>::max() - micros, 20), "/",
        SortableNumber(item.kind(), 2), "/", item.id());
    keyed.item = std::move(item);
    items_.push_back(std::move(keyed));
  }

  EventStore& store_;
  const pb::Actor& actor_;
  const pb::WorkItemKind kind_;
  std::vector<Keyed> items_;
};

bool IsMyKind(pb::WorkItemKind kind) {
  switch (kind) {
    case pb::WORK_ITEM_KIND_UNSPECIFIED:
    case pb::WORK_ITEM_KIND_MY_APPLICATION:
    case pb::WORK_ITEM_KIND_MY_GRANT:
    case pb::WORK_ITEM_KIND_MY_DEMAND:
    case pb::WORK_ITEM_KIND_MY_OBJECTION:
    case pb::WORK_ITEM_KIND_MY_PRODUCT:
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<pb::ListMyItemsResponse> ListMyItems(
    EventStore& store, const pb::Actor& actor,
    const pb::ListMyItemsRequest& request) {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
  ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  if (!IsMyKind(request.kind())) {
    return InvalidArgument(
        "FILTER_INVALID",
        {{"kind", "not one of the WORK_ITEM_KIND_MY_* kinds"}});
  }
  const std::string filter_key =
      absl::StrCat("myitems|", request.kind(), "|", actor.subject());
  ASSIGN_OR_RETURN(const std::string after,
                   DecodePageToken(filter_key, request.page_token()));
  Collector collector(store, actor, request.kind());
  RETURN_IF_ERROR(collector.Applications());
  RETURN_IF_ERROR(collector.Grants());
  RETURN_IF_ERROR(collector.Demands());
  RETURN_IF_ERROR(collector.Objections());
  RETURN_IF_ERROR(collector.Products());
  std::vector<Keyed> items = std::move(collector).Take();
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const Keyed& k) { return k.key <= after; }),
              items.end());
  std::sort(items.begin(), items.end(),
            [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
  pb::ListMyItemsResponse response;
  const size_t n = std::min(items.size(), static_cast<size_t>(page_size));
  for (size_t i = 0; i < n; ++i)
    *response.add_items() = std::move(items[i].item);
  if (items.size() > n)
    response.set_next_page_token(EncodePageToken(filter_key, items[n - 1].key));
  return response;
}

}  // namespace opendata
