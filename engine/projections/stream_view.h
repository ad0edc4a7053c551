// StreamView: everything the projections derive from one stream — the catalog
// entry view, the stream's deadlines, a calendar year's record, an entry's
// releases, quality assessments and open-list intervals, a provider's annual
// plan, a city plan, an organisation profile, an application, a credit
// listing, an unopened-data demand, a public call for demands — folded from the
// stream's events, and the rows it implies. The pipeline diffs StreamRows
// before and after a command; the rebuilder folds every stream from sequence 0.
// Plain value; pure functions; safe to use concurrently on distinct objects.
#ifndef OPENDATA_ENGINE_PROJECTIONS_STREAM_VIEW_H_
#define OPENDATA_ENGINE_PROJECTIONS_STREAM_VIEW_H_

#include <optional>

#include "engine/applications/application_state.h"
#include "engine/catalog/objection_state.h"
#include "engine/deadlines/deadline_book.h"
#include "engine/demands/demand_state.h"
#include "engine/organizations/organization_state.h"
#include "engine/plans/plan_state.h"
#include "engine/products/product_state.h"
#include "engine/projections/open_list_projection.h"
#include "engine/projections/projection_rows.h"
#include "engine/projections/release_projection.h"
#include "engine/projections/supervision_projection.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Row prefix of calendar years: calendar/year/<yyyy> -> CalendarYearRecord.
inline constexpr char kCalendarYearRowPrefix[] = "calendar/year/";

struct StreamView {
  jining::opendata::v1::CatalogEntry catalog;
  DeadlineBook deadlines;
  std::optional<jining::opendata::v1::CalendarYearRecord> calendar;
  // Folded only on streams of their kind ("plan/", "city-plan/",
  // "organization/"), by the aggregates' own Evolve.
  PlanState plan;
  CityPlanState city_plan;
  OrganizationState organization;
  // A catalog entry's releases and quality assessments (Art. 12).
  ReleaseHistory releases;
  // A catalog entry's open-list intervals (Art. 8), derived from `catalog`.
  OpenListHistory open_list;
  // A catalog entry's objections (Art. 19), with the objectors' data.
  ObjectionLedger objections;
  // Folded only on "application/" and "credit-registry/" streams.
  ApplicationAggregate application;
  CreditRegistryAggregate credit;
  // A data product (Art. 20), folded only on "product/" streams.
  ProductAggregate product;
  // Folded only on "demand/" and "demand-call/" streams.
  DemandAggregate demand;
  DemandCallAggregate demand_call;
  // Supervision facts and entry-state history (Art. 22), folded last.
  SupervisionLedger supervision;
};

// Applies one event of the stream.
void FoldStreamView(StreamView& view,
                    const jining::opendata::v1::EventEnvelope& event);

// Every projection row the view implies.
ProjectionRows StreamRows(const StreamView& view);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_STREAM_VIEW_H_
