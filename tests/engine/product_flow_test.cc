// Data products (Art. 20) through the command pipeline over a real
// RocksEventStore with a FakeClock: an UNCONDITIONAL city entry and a
// CONDITIONAL county entry granted to the user; products citing them are
// checked against the open-list rows and the grant rows the pipeline reads
// (a date before publication is refused), screened from the reviewers'
// queues, and listed; ProductQueries' public list (order, filters, page
// tokens, public view), the user's own list and Get visibility; finally a
// rebuild of the projections from the log equals the incremental rows.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/query/product_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/product_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kOpenEntry[] = "jn-gaj-open-001";

std::vector<std::string> Ids(const ProductPage& page) {
  std::vector<std::string> out;
  for (const pb::Product& p : page.products) out.push_back(p.product_id());
  return out;
}

ProductPage MustList(const ProductQueries& q, const ProductFilter& filter,
                     int size = 0, const std::string& token = "") {
  absl::StatusOr<ProductPage> page = q.Listed(filter, size, token);
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return *std::move(page);
}

TEST_CASE(
    "product: citations checked through the pipeline, screened, listed "
    "and rebuilt",
    "[product]") {
  DeadlineHarness h(Shanghai(2026, 2, 26, 9, 0, 0));
  h.CreateAndSubmit(kOpenEntry, CityProvider());
  h.MustRun(PublishCommand(kOpenEntry), CityReviewer());
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));
  h.clock().Set(Shanghai(2026, 3, 2, 10, 0, 0));
  h.MustRun(SubmitApp(ValidForm(), Credit(h.clock().Now())), Applicant());
  h.clock().Set(Shanghai(2026, 3, 3, 10, 0, 0));
  h.MustRun(PassFormal(), CountyReviewer("370811"));
  h.MustRun(Approve(), AppOwner());
  h.MustRun(Sign(), AppOwner());
  h.MustRun(Sign(), Applicant());

  h.clock().Set(Shanghai(2026, 4, 1, 10, 0, 0));
  // Before publication: refused, nothing recorded.
  const absl::StatusOr<CommandOutcome> early =
      h.Run(SubmitProductCommand(
                ProductContentCiting({{kOpenEntry, "2026-02-25"}}), "prod-b"),
            Applicant());
  REQUIRE_FALSE(early.ok());
  CheckError(early.status(), StatusCode::kFailedPrecondition,
             "ART20_CITATION_NOT_ACQUIRABLE");
  CHECK(h.Stream(ProductStream("prod-b")).empty());
  // The CONDITIONAL entry before the grant's period: refused.
  CHECK_FALSE(
      h.Run(SubmitProductCommand(
                ProductContentCiting({{kAppEntry, "2026-03-05"}}), "prod-b"),
            Applicant())
          .ok());
  // Another user holds no grant for the CONDITIONAL entry.
  CHECK_FALSE(
      h.Run(SubmitProductCommand(
                ProductContentCiting({{kAppEntry, "2026-03-20"}}), "prod-b"),
            Applicant("u-li"))
          .ok());

  h.MustRun(SubmitProductCommand(
                ProductContentCiting(
                    {{kOpenEntry, "2026-02-26"}, {kAppEntry, "2026-03-20"}},
                    pb::PRODUCT_FORM_APP, "Z 诊所地图"),
                "prod-a"),
            Applicant());
  h.MustRun(SubmitProductCommand(
                ProductContentCiting({{kAppEntry, "2026-03-20"}},
                                     pb::PRODUCT_FORM_REPORT, "A 诊所报告"),
                "prod-c"),
            Applicant());

  ProductQueries q(&h.store());
  const absl::StatusOr<pb::Product> a = q.Get(Applicant(), "prod-a");
  REQUIRE(a.ok());
  REQUIRE(a->citation_checks_size() == 2);
  CHECK(a->citation_checks(0).basis() == pb::CITATION_BASIS_KIND_OPEN_LIST);
  CHECK(FromProto(a->citation_checks(0).interval().from_time()) ==
        Shanghai(2026, 2, 26, 9, 0, 0));
  CHECK(a->citation_checks(1).basis() == pb::CITATION_BASIS_KIND_GRANT);
  CHECK(a->citation_checks(1).application_id() == kAppId);
  CHECK(a->screening_region() == "3708");

  // Queues: the county reviewer sees only its county's product.
  const auto queue = [&](const pb::Actor& reviewer) {
    absl::StatusOr<ProductPage> page = q.ScreeningQueue(reviewer, 0, "");
    REQUIRE(page.ok());
    return Ids(*page);
  };
  CHECK(queue(CountyReviewer("370811")) == std::vector<std::string>{"prod-c"});
  CHECK(queue(CountyReviewer("370812")).empty());
  CHECK(queue(CityReviewer()) == std::vector<std::string>{"prod-a", "prod-c"});
  CheckError(q.ScreeningQueue(Applicant(), 0, "").status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  // Not listed yet: others do not see it.
  CheckError(q.Get(Applicant("u-li"), "prod-a").status(), StatusCode::kNotFound,
             "PRODUCT_NOT_FOUND");
  CHECK(MustList(q, {}).products.empty());

  h.MustRun(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST, {}, "prod-a"),
            CityReviewer());
  h.clock().Set(Shanghai(2026, 4, 1, 11, 0, 0));
  h.MustRun(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST, {}, "prod-c"),
            CountyReviewer("370811"));
  CHECK(queue(CityReviewer()).empty());

  CHECK(Ids(MustList(q, {})) == std::vector<std::string>{"prod-c", "prod-a"});
  ProductFilter by_name;
  by_name.by_name = true;
  CHECK(Ids(MustList(q, by_name)) ==
        std::vector<std::string>{"prod-c", "prod-a"});
  ProductFilter open_entry;
  open_entry.catalog_entry_id = kOpenEntry;
  CHECK(Ids(MustList(q, open_entry)) == std::vector<std::string>{"prod-a"});
  ProductFilter reports;
  reports.form = pb::PRODUCT_FORM_REPORT;
  CHECK(Ids(MustList(q, reports)) == std::vector<std::string>{"prod-c"});
  ProductFilter app_entry_apps;
  app_entry_apps.catalog_entry_id = kAppEntry;
  app_entry_apps.form = pb::PRODUCT_FORM_APP;
  CHECK(Ids(MustList(q, app_entry_apps)) == std::vector<std::string>{"prod-a"});
  // Pages of one.
  const ProductPage first = MustList(q, {}, 1);
  CHECK(Ids(first) == std::vector<std::string>{"prod-c"});
  REQUIRE_FALSE(first.next_page_token.empty());
  const ProductPage second = MustList(q, {}, 1, first.next_page_token);
  CHECK(Ids(second) == std::vector<std::string>{"prod-a"});
  CHECK(second.next_page_token.empty());
  CheckError(q.Listed(reports, 1, first.next_page_token).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  // The public view hides the publisher's subject and grant application ids.
  const pb::Product& shown = first.products[0];
  CHECK(shown.publisher_subject().empty());
  CHECK(shown.publisher_name() == "u-zhang");
  CHECK(shown.citation_checks(0).application_id().empty());
  const absl::StatusOr<pb::Product> public_get =
      q.Get(Applicant("u-li"), "prod-a");
  REQUIRE(public_get.ok());
  CHECK(public_get->publisher_subject().empty());
  const absl::StatusOr<ProductPage> mine = q.Mine(Applicant(), 0, "");
  REQUIRE(mine.ok());
  CHECK(Ids(*mine) == std::vector<std::string>{"prod-a", "prod-c"});

  h.MustRun(UnlistProductCommand("prod-c"), Applicant());
  CHECK(Ids(MustList(q, {})) == std::vector<std::string>{"prod-a"});

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

}  // namespace
}  // namespace opendata::engine_test
