// Implementation of rich_log.h.
#include "tests/engine/rich_log.h"

#include "tests/engine/plan_support.h"
#include "tests/engine/product_support.h"
#include "tests/engine/release_support.h"

namespace opendata::engine_test {
namespace {

constexpr char kOpenEntry[] = "jn-gaj-open-001";

pb::Command FileObjection(const std::string& entry) {
  pb::Command c;
  auto* f = c.mutable_file_objection();
  f->set_catalog_entry_id(entry);
  f->set_kind(pb::OBJECTION_KIND_ERROR);
  f->set_description("车辆登记数量与统计公报不一致");
  f->add_concerned_items("count");
  auto* proof = f->add_evidence();
  proof->set_title("统计公报");
  proof->set_sha256(kSha);
  proof->set_uri("https://evidence.example/1");
  f->mutable_contact()->set_phone("0537-2345678");
  f->mutable_contact()->set_email("zhang@example.cn");
  return c;
}

pb::Command ListCredit(const std::string& party) {
  pb::Command c;
  auto* l = c.mutable_set_credit_listing();
  l->set_party_id(party);
  l->set_list(pb::CREDIT_LIST_DISHONEST_JUDGMENT_DEBTORS);
  l->set_source("(2026)鲁0811执123号");
  return c;
}

}  // namespace

absl::Time RichLogStart() { return Shanghai(2026, 2, 26, 9, 0, 0); }

void RecordRichLog(DeadlineHarness& h) {
  h.clock().Set(RichLogStart());
  // Catalog: an UNCONDITIONAL city entry and a CONDITIONAL county entry, both
  // published (review clocks, upkeep clocks, open-list intervals).
  h.CreateAndSubmit(kOpenEntry, CityProvider());
  h.MustRun(PublishCommand(kOpenEntry), CityReviewer());
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));
  // A release, a quality assessment and an objection.
  h.clock().Set(Shanghai(2026, 2, 27, 10, 0, 0));
  h.MustRun(ReleaseCommand(kOpenEntry, "2026.02"), CityProvider());
  h.MustRun(AssessCommand(kOpenEntry), CityReviewer());
  h.MustRun(FileObjection(kOpenEntry), Applicant());
  // Demands (2026-03-02/03).
  RecordDemands(h);
  // A conditional application, approved and signed: a grant.
  h.clock().Set(Shanghai(2026, 3, 4, 10, 0, 0));
  h.MustRun(SubmitApp(ValidForm(), Credit(h.clock().Now())), Applicant());
  h.clock().Set(Shanghai(2026, 3, 5, 10, 0, 0));
  h.MustRun(PassFormal(), CountyReviewer("370811"));
  h.MustRun(Approve(), AppOwner());
  h.MustRun(Sign(), AppOwner());
  h.MustRun(Sign(), Applicant());
  // The credit registry.
  h.MustRun(ListCredit("u-bad"), Operator());
  // Plans and a profile.
  h.MustRun(SetPersonsCommand("jn-jtj", {PersonOf()}), CityProvider("jn-jtj"));
  h.MustRun(SubmitPlanCommand(2026, "jn-jtj", {PlanItemOf("bus-arrivals")}),
            CityProvider("jn-jtj"));
  h.MustRun(ApprovePlanCommand(2026, "jn-jtj"), CityReviewer());
  h.MustRun(OpenYearCommand(2026), CityReviewer());
  // A data product citing both entries, listed.
  h.clock().Set(Shanghai(2026, 4, 1, 10, 0, 0));
  h.MustRun(SubmitProductCommand(
                ProductContentCiting(
                    {{kOpenEntry, "2026-02-26"}, {kAppEntry, "2026-03-20"}},
                    pb::PRODUCT_FORM_APP, "诊所地图"),
                "prod-a"),
            Applicant());
  h.MustRun(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST, {}, "prod-a"),
            CityReviewer());
  // Months later: the scheduler marks what was left open overdue.
  h.clock().Set(Shanghai(2026, 6, 1, 10, 0, 0));
  h.RunScheduler();
}

}  // namespace opendata::engine_test
