// Implementation of open_list_projection.h.
#include "engine/projections/open_list_projection.h"

#include "absl/strings/str_cat.h"
#include "common/proto_util.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

bool SameTime(const google::protobuf::Timestamp& a,
              const google::protobuf::Timestamp& b) {
  return a.seconds() == b.seconds() && a.nanos() == b.nanos();
}

bool SameRow(const pb::OpenListRow& a, const pb::OpenListRow& b) {
  return SerializeDeterministic(a) == SerializeDeterministic(b);
}

}  // namespace

std::optional<pb::OpenListRow> OpenListRowOf(const pb::CatalogEntry& view) {
  const pb::CatalogEntryContent& c = view.content();
  if (view.state() != pb::CATALOG_ENTRY_STATE_PUBLISHED ||
      (c.open_attribute() != pb::OPEN_ATTRIBUTE_UNCONDITIONAL &&
       c.open_attribute() != pb::OPEN_ATTRIBUTE_CONDITIONAL)) {
    return std::nullopt;
  }
  pb::OpenListRow row;
  row.set_catalog_entry_id(view.catalog_entry_id());
  row.set_name(c.name());
  row.set_provider_organization(view.provider_organization());
  row.set_region(view.region());
  row.set_open_attribute(c.open_attribute());
  row.set_data_format(c.data_format());
  row.set_domain(c.domain());
  *row.mutable_conditions() = c.conditions();
  row.set_update_frequency(c.update_frequency());
  *row.mutable_service_modes() = c.service_modes();
  *row.mutable_publish_time() = view.publish_time();
  return row;
}

void FoldOpenList(OpenListHistory& history, const pb::CatalogEntry& view,
                  const pb::EventEnvelope& event) {
  const std::optional<pb::OpenListRow> row = OpenListRowOf(view);
  const bool open = !history.empty() && !history.back().has_to_time();
  if (open && row.has_value() && SameRow(history.back().row(), *row)) return;
  if (!open && !row.has_value()) return;
  const google::protobuf::Timestamp& at = event.occurred_at();
  if (open) {
    if (SameTime(history.back().from_time(), at)) {
      history.pop_back();
    } else {
      *history.back().mutable_to_time() = at;
    }
  }
  if (!row.has_value()) return;
  // Rejoining with the row the last interval ended with, at the instant it
  // ended (a change undone within one command): that interval continues.
  if (!history.empty() && SameTime(history.back().to_time(), at) &&
      SameRow(history.back().row(), *row)) {
    history.back().clear_to_time();
    return;
  }
  pb::OpenListInterval interval;
  interval.set_number(history.empty() ? 1 : history.back().number() + 1);
  *interval.mutable_row() = *row;
  *interval.mutable_from_time() = at;
  history.push_back(std::move(interval));
}

ProjectionRows OpenListRows(const pb::CatalogEntry& view,
                            const OpenListHistory& history) {
  ProjectionRows rows;
  const std::string& id = view.catalog_entry_id();
  if (id.empty()) return rows;
  for (const pb::OpenListInterval& interval : history) {
    rows[absl::StrCat(kOpenListHistoryPrefix, id, "/",
                      SortableNumber(interval.number(), 10))] =
        SerializeDeterministic(interval);
  }
  if (!history.empty() && !history.back().has_to_time()) {
    rows[kOpenListCurrentPrefix + id] =
        SerializeDeterministic(history.back().row());
  }
  return rows;
}

}  // namespace opendata
