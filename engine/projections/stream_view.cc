// Implementation of stream_view.h.
#include "engine/projections/stream_view.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_util.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/deadline_projection.h"
#include "engine/projections/demand_projection.h"
#include "engine/projections/objection_projection.h"
#include "engine/projections/organization_projection.h"
#include "engine/projections/plan_projection.h"
#include "engine/projections/product_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

void FoldStreamView(StreamView& view, const pb::EventEnvelope& event) {
  FoldCatalogView(view.catalog, event);
  FoldDeadlines(view.deadlines, event);
  FoldReleaseHistory(view.releases, event);
  FoldOpenList(view.open_list, view.catalog, event);
  FoldObjectionLedger(view.objections, view.catalog.catalog_entry_id(), event);
  if (event.payload().has_calendar_year_loaded()) {
    const auto& e = event.payload().calendar_year_loaded();
    pb::CalendarYearRecord record;
    *record.mutable_calendar() = e.calendar();
    record.set_revision(e.revision());
    *record.mutable_record_time() = event.occurred_at();
    *record.mutable_recorded_by() = event.actor();
    view.calendar = std::move(record);
  }
  const std::string& stream = event.stream_id();
  if (absl::StartsWith(stream, kPlanStreamPrefix)) {
    Evolve(view.plan, event);
  } else if (absl::StartsWith(stream, kCityPlanStreamPrefix)) {
    Evolve(view.city_plan, event);
  } else if (absl::StartsWith(stream, kOrganizationStreamPrefix)) {
    Evolve(view.organization, event);
  } else if (absl::StartsWith(stream, kApplicationStreamPrefix)) {
    Evolve(view.application, event);
  } else if (absl::StartsWith(stream, kCreditRegistryStreamPrefix)) {
    Evolve(view.credit, event);
  } else if (absl::StartsWith(stream, kProductStreamPrefix)) {
    Evolve(view.product, event);
  } else if (absl::StartsWith(stream, kDemandStreamPrefix)) {
    Evolve(view.demand, event);
  } else if (absl::StartsWith(stream, kDemandCallStreamPrefix)) {
    Evolve(view.demand_call, event);
  }
  FoldSupervisionLedger(view.supervision, view.catalog, view.application,
                        view.demand, event);
}

ProjectionRows StreamRows(const StreamView& view) {
  ProjectionRows rows = CatalogRows(view.catalog);
  rows.merge(DeadlineRows(view.deadlines));
  rows.merge(ReleaseRows(view.catalog, view.releases));
  rows.merge(OpenListRows(view.catalog, view.open_list));
  rows.merge(ObjectionRows(view.catalog, view.objections));
  if (view.calendar.has_value()) {
    rows[absl::StrCat(kCalendarYearRowPrefix,
                      view.calendar->calendar().year())] =
        SerializeDeterministic(*view.calendar);
  }
  rows.merge(PlanRows(view.plan));
  rows.merge(CityPlanRows(view.city_plan));
  rows.merge(OrganizationRows(view.organization));
  rows.merge(ApplicationRows(view.application));
  rows.merge(CreditListingRows(view.credit));
  rows.merge(ProductRows(view.product));
  rows.merge(DemandRows(view.demand));
  rows.merge(DemandCallRows(view.demand_call));
  rows.merge(SupervisionRows(view.supervision, view.deadlines));
  return rows;
}

}  // namespace opendata
