// Tests of the catalog projection and its queries (engine/projections,
// engine/query/catalog_queries.h) over a real RocksEventStore: Get, List and
// PendingReviews after each step of the flow, visibility by role,
// organisation and region, pending reviews ordered by deadline, paging with
// page_size/page_token, tokens bound to their filters, and
// RebuildProjections (engine/replay/rebuild.h) equal to the incrementally
// stored rows (catalog and deadline rows) after a varied workload.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "common/time_util.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/deadline_projection.h"
#include "engine/projections/open_list_projection.h"
#include "engine/projections/supervision_projection.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::Actor Owner() { return CountyProvider("370811", "rc-wsj"); }

std::vector<std::string> Ids(const std::vector<pb::CatalogEntry>& entries) {
  std::vector<std::string> ids;
  for (const pb::CatalogEntry& e : entries) ids.push_back(e.catalog_entry_id());
  return ids;
}

std::vector<std::string> Ids(const PendingReviewPage& page) {
  std::vector<std::string> ids;
  for (const PendingReviewItem& item : page.items) {
    ids.push_back(item.entry.catalog_entry_id());
  }
  return ids;
}

// Every entry of a List, following page tokens; `pages` counts the calls.
std::vector<std::string> ListAll(const CatalogQueries& queries,
                                 const pb::Actor& actor,
                                 CatalogListFilter filter, int* pages) {
  std::vector<std::string> ids;
  *pages = 0;
  while (true) {
    const absl::StatusOr<CatalogPage> page = queries.List(actor, filter);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    ++*pages;
    REQUIRE(*pages < 100);
    for (const std::string& id : Ids(page->entries)) ids.push_back(id);
    if (page->next_page_token.empty()) break;
    filter.page_token = page->next_page_token;
  }
  return ids;
}

// Ids visible to `actor` in one unfiltered List call.
std::vector<std::string> Visible(const CatalogQueries& queries,
                                 const pb::Actor& actor) {
  const absl::StatusOr<CatalogPage> page =
      queries.List(actor, CatalogListFilter());
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return Ids(page->entries);
}

std::vector<std::string> Pending(const CatalogQueries& queries,
                                 const pb::Actor& reviewer, absl::Time now,
                                 const std::string& region = "") {
  PendingReviewFilter filter;
  filter.region = region;
  const absl::StatusOr<PendingReviewPage> page =
      queries.PendingReviews(reviewer, filter, now);
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return Ids(*page);
}

// Whether `actor` can Get `id`; any refusal must be NOT_FOUND.
bool CanGet(const CatalogQueries& queries, const pb::Actor& actor,
            const std::string& id) {
  const absl::StatusOr<pb::CatalogEntry> entry = queries.Get(actor, id);
  if (!entry.ok()) {
    CheckError(entry.status(), StatusCode::kNotFound,
               "CATALOG_ENTRY_NOT_FOUND");
  }
  return entry.ok();
}

// All projection rows as stored.
ProjectionRows StoredRows(RocksEventStore& store) {
  ProjectionRows rows;
  const absl::Status status = store.ForEachProjectionRow(
      [&rows](absl::string_view key, absl::string_view value) {
        rows.emplace(std::string(key), std::string(value));
        return absl::OkStatus();
      });
  INFO(status.ToString());
  REQUIRE(status.ok());
  return rows;
}

TEST_CASE("queries: Get List and PendingReviews reflect each step",
          "[queries]") {
  PipelineHarness h;
  const CatalogQueries& q = h.queries();
  const std::string id = "rc-wsj-clinics";
  const pb::Actor county = CountyReviewer("370811");
  const pb::Actor neighbour = CountyReviewer("370812");
  const pb::Actor other_provider = CityProvider("jn-gaj");

  // Draft: the owner, reviewers with jurisdiction and overseers see it.
  h.MustRun(CreateCommand(id, ValidContent()), Owner(),
            At("2026-03-02T09:00:00+08:00"));
  {
    const auto entry = q.Get(Owner(), id);
    REQUIRE(entry.ok());
    CHECK(entry->state() == pb::CATALOG_ENTRY_STATE_DRAFT);
    CHECK(entry->version() == 1);
    CHECK(entry->provider_organization() == "rc-wsj");
    CHECK(entry->region() == "370811");
    CHECK(entry->level() == pb::LEVEL_COUNTY);
    CHECK(CanGet(q, county, id));
    CHECK(CanGet(q, CityReviewer(), id));
    CHECK(CanGet(q, Auditor(), id));
    CHECK_FALSE(CanGet(q, other_provider, id));
    CHECK_FALSE(CanGet(q, PlainUser(), id));
    CHECK_FALSE(CanGet(q, neighbour, id));
    CHECK(Visible(q, Owner()) == std::vector<std::string>{id});
    CHECK(Visible(q, other_provider).empty());
    CHECK(Visible(q, PlainUser()).empty());
    CHECK(Pending(q, county, At("2026-03-02T09:00:00+08:00")).empty());
  }

  // Submitted: pending for the county and the city, not for the neighbour.
  h.MustRun(SubmitCommand(id), Owner(), At("2026-03-02T10:00:00+08:00"));
  {
    const auto entry = q.Get(county, id);
    REQUIRE(entry.ok());
    CHECK(entry->state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
    CHECK(entry->submissions() == 1);
    CHECK(FromProto(entry->submit_time()) == At("2026-03-02T10:00:00+08:00"));
    CHECK(FromProto(entry->review_due_time()) ==
          At("2026-03-04T23:59:59+08:00"));
    CHECK_FALSE(entry->review_due_provisional());
    CHECK(Pending(q, county, At("2026-03-03T09:00:00+08:00")) ==
          std::vector<std::string>{id});
    CHECK(Pending(q, CityReviewer(), At("2026-03-03T09:00:00+08:00")) ==
          std::vector<std::string>{id});
    CHECK(Pending(q, neighbour, At("2026-03-03T09:00:00+08:00")).empty());
    CHECK_FALSE(CanGet(q, PlainUser(), id));

    PendingReviewFilter filter;
    auto in_time =
        q.PendingReviews(county, filter, At("2026-03-04T23:59:59+08:00"));
    REQUIRE(in_time.ok());
    REQUIRE(in_time->items.size() == 1);
    CHECK_FALSE(in_time->items[0].overdue);
    auto late =
        q.PendingReviews(county, filter, At("2026-03-05T00:00:00+08:00"));
    REQUIRE(late.ok());
    REQUIRE(late->items.size() == 1);
    CHECK(late->items[0].overdue);
  }

  // Returned: the notice is shown; nothing is pending.
  h.MustRun(ReturnCommand(id, {MakeDefect("description", "描述过于简单")}),
            county, At("2026-03-03T10:00:00+08:00"));
  {
    const auto entry = q.Get(Owner(), id);
    REQUIRE(entry.ok());
    CHECK(entry->state() == pb::CATALOG_ENTRY_STATE_RETURNED);
    CHECK(entry->last_notice().submission() == 1);
    REQUIRE(entry->last_notice().defects_size() == 1);
    CHECK(entry->last_notice().defects(0).field() == "description");
    CHECK(FromProto(entry->last_notice().return_time()) ==
          At("2026-03-03T10:00:00+08:00"));
    CHECK_FALSE(entry->has_review_due_time());
    CHECK(Pending(q, county, At("2026-03-03T10:00:00+08:00")).empty());
  }

  // Edited: the new content.
  pb::CatalogEntryContent fixed = ValidContent();
  fixed.set_description("任城区各级医疗机构名称、地址、等级及诊疗科目");
  h.MustRun(EditCommand(id, fixed), Owner(), At("2026-03-03T11:00:00+08:00"));
  {
    const auto entry = q.Get(Owner(), id);
    REQUIRE(entry.ok());
    // Created 1, submitted 2-3, returned 4-5, edited 6.
    CHECK(entry->version() == 6);
    CHECK(entry->content().description() == fixed.description());
    CHECK(FromProto(entry->update_time()) == At("2026-03-03T11:00:00+08:00"));
  }

  // Resubmitted: pending again, with the new deadline.
  h.MustRun(SubmitCommand(id), Owner(), At("2026-03-03T12:00:00+08:00"));
  {
    const auto entry = q.Get(Owner(), id);
    REQUIRE(entry.ok());
    CHECK(entry->submissions() == 2);
    CHECK(FromProto(entry->review_due_time()) ==
          At("2026-03-05T23:59:59+08:00"));
    CHECK(Pending(q, county, At("2026-03-04T09:00:00+08:00")) ==
          std::vector<std::string>{id});
  }

  // Published: public, and no longer pending.
  h.MustRun(PublishCommand(id), county, At("2026-03-04T09:00:00+08:00"));
  {
    const auto entry = q.Get(PlainUser(), id);
    REQUIRE(entry.ok());
    CHECK(entry->state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    // Resubmitted 7-8, published 9-12 (with the two upkeep clocks).
    CHECK(entry->version() == 12);
    CHECK(FromProto(entry->publish_time()) == At("2026-03-04T09:00:00+08:00"));
    CHECK(CanGet(q, neighbour, id));
    CHECK(CanGet(q, other_provider, id));
    CHECK(Visible(q, PlainUser()) == std::vector<std::string>{id});
    CHECK(Pending(q, county, At("2026-03-04T09:00:00+08:00")).empty());
    CHECK(Pending(q, CityReviewer(), At("2026-03-04T09:00:00+08:00")).empty());
  }
}

TEST_CASE("queries: Get refuses a malformed id and hides missing entries",
          "[queries]") {
  PipelineHarness h;
  const auto bad = h.queries().Get(Owner(), "Not An Id");
  REQUIRE_FALSE(bad.ok());
  CheckError(bad.status(), StatusCode::kInvalidArgument,
             "CATALOG_ENTRY_ID_INVALID");
  const auto missing = h.queries().Get(Auditor(), "no-such-entry");
  REQUIRE_FALSE(missing.ok());
  CheckError(missing.status(), StatusCode::kNotFound,
             "CATALOG_ENTRY_NOT_FOUND");
}

TEST_CASE("queries: visibility and filters of List", "[queries]") {
  PipelineHarness h;
  const absl::Time t0 = At("2026-03-02T09:00:00+08:00");
  const pb::Actor gaj = CityProvider("jn-gaj");
  const pb::Actor jtj = CityProvider("jn-jtj");
  // gaj: a draft, a submitted and a published CONDITIONAL entry; jtj: a
  // published UNCONDITIONAL entry and a draft.
  h.MustRun(CreateCommand("gaj-draft", ValidContent()), gaj, t0);
  h.MustRun(CreateCommand("gaj-submitted", ValidContent()), gaj, t0);
  h.MustRun(SubmitCommand("gaj-submitted"), gaj, t0);
  h.MustRun(CreateCommand("gaj-published", ConditionalContent()), gaj, t0);
  h.MustRun(SubmitCommand("gaj-published"), gaj, t0);
  h.MustRun(PublishCommand("gaj-published"), CityReviewer(), t0);
  h.MustRun(CreateCommand("jtj-published", ValidContent()), jtj, t0);
  h.MustRun(SubmitCommand("jtj-published"), jtj, t0);
  h.MustRun(PublishCommand("jtj-published"), CityReviewer(), t0);
  h.MustRun(CreateCommand("jtj-draft", ValidContent()), jtj, t0);
  const CatalogQueries& q = h.queries();

  using IdList = std::vector<std::string>;
  CHECK(Visible(q, PlainUser()) == IdList{"gaj-published", "jtj-published"});
  CHECK(Visible(q, gaj) ==
        IdList{"gaj-draft", "gaj-published", "gaj-submitted", "jtj-published"});
  CHECK(Visible(q, CityReviewer()) == IdList{"gaj-draft", "gaj-published",
                                             "gaj-submitted", "jtj-draft",
                                             "jtj-published"});
  CHECK(Visible(q, CountyReviewer("370811")) ==
        IdList{"gaj-published", "jtj-published"});
  CHECK(Visible(q, Auditor()).size() == 5);

  int pages = 0;
  CatalogListFilter filter;
  SECTION("by state") {
    filter.state = pb::CATALOG_ENTRY_STATE_DRAFT;
    CHECK(ListAll(q, PlainUser(), filter, &pages).empty());
    CHECK(ListAll(q, gaj, filter, &pages) == IdList{"gaj-draft"});
    CHECK(ListAll(q, Auditor(), filter, &pages) ==
          IdList{"gaj-draft", "jtj-draft"});
  }
  SECTION("by provider") {
    filter.provider_organization = "jn-gaj";
    CHECK(ListAll(q, PlainUser(), filter, &pages) == IdList{"gaj-published"});
    CHECK(ListAll(q, jtj, filter, &pages) == IdList{"gaj-published"});
    CHECK(ListAll(q, gaj, filter, &pages) ==
          IdList{"gaj-draft", "gaj-published", "gaj-submitted"});
  }
  SECTION("by open attribute") {
    filter.open_attribute = pb::OPEN_ATTRIBUTE_CONDITIONAL;
    CHECK(ListAll(q, PlainUser(), filter, &pages) == IdList{"gaj-published"});
    filter.open_attribute = pb::OPEN_ATTRIBUTE_UNCONDITIONAL;
    CHECK(ListAll(q, PlainUser(), filter, &pages) == IdList{"jtj-published"});
    CHECK(ListAll(q, Auditor(), filter, &pages) ==
          IdList{"gaj-draft", "gaj-submitted", "jtj-draft", "jtj-published"});
  }
  SECTION("combined") {
    filter.provider_organization = "jn-gaj";
    filter.state = pb::CATALOG_ENTRY_STATE_SUBMITTED;
    CHECK(ListAll(q, CityReviewer(), filter, &pages) ==
          IdList{"gaj-submitted"});
    CHECK(ListAll(q, jtj, filter, &pages).empty());
  }
  SECTION("bad filter values") {
    filter.state = static_cast<pb::CatalogEntryState>(17);
    auto page = q.List(Auditor(), filter);
    REQUIRE_FALSE(page.ok());
    CheckError(page.status(), StatusCode::kInvalidArgument, "FILTER_INVALID");
    for (int size : {-1, kMaxPageSize + 1}) {
      filter = CatalogListFilter();
      filter.page_size = size;
      page = q.List(Auditor(), filter);
      REQUIRE_FALSE(page.ok());
      CheckError(page.status(), StatusCode::kInvalidArgument,
                 "PAGE_SIZE_INVALID");
    }
  }
}

TEST_CASE(
    "queries: county reviewers see only their region's pending "
    "reviews ordered by due time",
    "[queries][pending]") {
  PipelineHarness h;
  const pb::Actor rencheng = CountyProvider("370811", "rc-wsj");
  const pb::Actor yanzhou = CountyProvider("370812", "yz-wsj");
  struct Submission {
    std::string id;
    pb::Actor owner;
    const char* when;  // Due two working days later.
  };
  // Submitted out of deadline order; due dates in comments.
  const std::vector<Submission> submissions = {
      {"rc-c", rencheng, "2026-03-04T10:00:00+08:00"},          // Fri 6 Mar.
      {"yz-a", yanzhou, "2026-03-03T10:00:00+08:00"},           // Thu 5 Mar.
      {"rc-a", rencheng, "2026-02-13T10:00:00+08:00"},          // Tue 24 Feb.
      {"city-a", CityProvider(), "2026-03-02T10:00:00+08:00"},  // Wed 4 Mar.
      {"rc-b", rencheng, "2026-03-02T16:00:00+08:00"},          // Wed 4 Mar.
      {"yz-b", yanzhou, "2026-02-12T10:00:00+08:00"}};          // Sat 14 Feb.
  for (const Submission& s : submissions) {
    h.MustRun(CreateCommand(s.id, ValidContent()), s.owner, At(s.when));
    h.MustRun(SubmitCommand(s.id), s.owner, At(s.when));
  }
  const CatalogQueries& q = h.queries();
  const absl::Time now = At("2026-03-05T09:00:00+08:00");
  using IdList = std::vector<std::string>;

  CHECK(Pending(q, CountyReviewer("370811"), now) ==
        IdList{"rc-a", "rc-b", "rc-c"});
  CHECK(Pending(q, CountyReviewer("370812"), now) == IdList{"yz-b", "yz-a"});
  CHECK(Pending(q, CountyReviewer("370811"), now, "370811") ==
        IdList{"rc-a", "rc-b", "rc-c"});
  CHECK(Pending(q, CountyReviewer("370826"), now).empty());
  // Equal deadlines (Wed 4 Mar) are ordered by id.
  CHECK(Pending(q, CityReviewer(), now) ==
        IdList{"yz-b", "rc-a", "city-a", "rc-b", "yz-a", "rc-c"});
  CHECK(Pending(q, CityReviewer(), now, "370812") == IdList{"yz-b", "yz-a"});
  CHECK(Pending(q, CityReviewer(), now, "3708") == IdList{"city-a"});

  // Overdue at Thu 5 Mar 09:00: everything due before it.
  const auto page =
      q.PendingReviews(CountyReviewer("370811"), PendingReviewFilter(), now);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 3);
  CHECK(page->items[0].overdue);
  CHECK(page->items[1].overdue);
  CHECK_FALSE(page->items[2].overdue);

  SECTION("a county reviewer may not ask for another region") {
    PendingReviewFilter filter;
    filter.region = "370812";
    const auto refused =
        q.PendingReviews(CountyReviewer("370811"), filter, now);
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kPermissionDenied,
               "OUTSIDE_JURISDICTION");
  }
  SECTION("an unknown region") {
    PendingReviewFilter filter;
    filter.region = "110101";
    const auto refused = q.PendingReviews(CityReviewer(), filter, now);
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kInvalidArgument,
               "FILTER_INVALID");
  }
  SECTION("only reviewers have pending reviews") {
    const pb::Actor actor = GENERATE(Owner(), PlainUser(), Auditor());
    const auto refused = q.PendingReviews(actor, PendingReviewFilter(), now);
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kPermissionDenied,
               "ROLE_NOT_ALLOWED");
  }
}

TEST_CASE("queries: paging returns every entry exactly once", "[queries]") {
  PipelineHarness h;
  const pb::Actor owner = Owner();
  std::vector<std::string> all;
  for (int i = 0; i < 7; ++i) {
    const std::string id = absl::StrCat("rc-entry-", i);
    // Submitted one per working day from Mon 2 Mar, so each has its own
    // deadline, in id order.
    const absl::Time when =
        At("2026-03-02T10:00:00+08:00") + absl::Hours(24 * (i + (i / 5) * 2));
    h.MustRun(CreateCommand(id, ValidContent()), owner, when);
    h.MustRun(SubmitCommand(id), owner, when);
    if (i % 2 == 0) h.MustRun(PublishCommand(id), CityReviewer(), when);
    all.push_back(id);
  }
  const CatalogQueries& q = h.queries();

  SECTION("List") {
    CatalogListFilter filter;
    filter.page_size = 3;
    int pages = 0;
    CHECK(ListAll(q, owner, filter, &pages) == all);
    CHECK(pages == 3);
    // A USER sees the 4 published ones: 3 + 1.
    CHECK(ListAll(q, PlainUser(), filter, &pages) ==
          std::vector<std::string>{"rc-entry-0", "rc-entry-2", "rc-entry-4",
                                   "rc-entry-6"});
    CHECK(pages == 2);
    filter.page_size = 7;
    CHECK(ListAll(q, Auditor(), filter, &pages) == all);
  }
  SECTION("PendingReviews") {
    PendingReviewFilter filter;
    filter.page_size = 2;
    std::vector<std::string> seen;
    int pages = 0;
    while (true) {
      const auto page = q.PendingReviews(CountyReviewer("370811"), filter,
                                         At("2026-03-02T09:00:00+08:00"));
      REQUIRE(page.ok());
      ++pages;
      REQUIRE(pages < 10);
      for (const std::string& id : Ids(*page)) seen.push_back(id);
      if (page->next_page_token.empty()) break;
      filter.page_token = page->next_page_token;
    }
    CHECK(seen ==
          std::vector<std::string>{"rc-entry-1", "rc-entry-3", "rc-entry-5"});
    CHECK(pages >= 2);
  }
}

TEST_CASE("queries: a page token is bound to its query", "[queries]") {
  PipelineHarness h;
  for (int i = 0; i < 4; ++i) {
    const std::string id = absl::StrCat("rc-entry-", i);
    h.MustRun(CreateCommand(id, ValidContent()), Owner(),
              At("2026-03-02T10:00:00+08:00"));
  }
  const CatalogQueries& q = h.queries();
  CatalogListFilter filter;
  filter.page_size = 2;
  const auto first = q.List(Owner(), filter);
  REQUIRE(first.ok());
  REQUIRE(first->entries.size() == 2);
  REQUIRE_FALSE(first->next_page_token.empty());

  CatalogListFilter other = filter;
  other.page_token = first->next_page_token;
  pb::Actor actor = Owner();
  SECTION("another state") { other.state = pb::CATALOG_ENTRY_STATE_DRAFT; }
  SECTION("another provider") { other.provider_organization = "rc-wsj"; }
  SECTION("another attribute") {
    other.open_attribute = pb::OPEN_ATTRIBUTE_UNCONDITIONAL;
  }
  SECTION("another caller") { actor = Auditor(); }
  SECTION("a forged token") { other.page_token = "not-a-token!"; }
  const auto refused = q.List(actor, other);
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
  CHECK(ViolationFields(refused.status()) ==
        std::vector<std::string>{"page_token"});
}

TEST_CASE("queries: a List token is refused by PendingReviews", "[queries]") {
  PipelineHarness h;
  for (int i = 0; i < 3; ++i) {
    const std::string id = absl::StrCat("rc-entry-", i);
    h.MustRun(CreateCommand(id, ValidContent()), Owner(),
              At("2026-03-02T10:00:00+08:00"));
    h.MustRun(SubmitCommand(id), Owner(), At("2026-03-02T10:00:00+08:00"));
  }
  CatalogListFilter list;
  list.page_size = 1;
  const auto page = h.queries().List(CityReviewer(), list);
  REQUIRE(page.ok());
  REQUIRE_FALSE(page->next_page_token.empty());
  PendingReviewFilter pending;
  pending.page_token = page->next_page_token;
  const auto refused = h.queries().PendingReviews(
      CityReviewer(), pending, At("2026-03-02T10:00:00+08:00"));
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
}

TEST_CASE("projections: rebuilding from the log equals the incremental rows",
          "[projections][replay]") {
  PipelineHarness h;
  const pb::Actor providers[] = {CityProvider("jn-gaj"),
                                 CountyProvider("370811", "rc-wsj"),
                                 CountyProvider("370881", "qf-wlj")};
  absl::Time now = At("2026-02-12T09:00:00+08:00");
  int refused = 0;
  for (int i = 0; i < 15; ++i) {
    const pb::Actor& owner = providers[i % 3];
    const pb::Actor reviewer =
        i % 2 == 0 ? CityReviewer() : CountyReviewer(owner.region());
    const std::string id = absl::StrCat("entry-", i);
    now += absl::Hours(7);
    pb::CatalogEntryContent content =
        i % 4 == 1 ? ConditionalContent() : ValidContent();
    if (i % 5 == 3) content.clear_open_attribute();
    content.set_name(absl::StrCat("数据集", i));
    h.MustRun(CreateCommand(id, content), owner, now);
    if (i % 5 == 3) {
      // Stays an incomplete draft: the submission is refused.
      refused += h.Run(SubmitCommand(id), owner, now).ok() ? 0 : 1;
      continue;
    }
    h.MustRun(EditCommand(id, content), owner, now);  // No change.
    if (i % 5 == 4) continue;                         // A complete draft.
    h.MustRun(SubmitCommand(id), owner, now, absl::StrCat("submit-", i));
    h.MustRun(SubmitCommand(id), owner, now, absl::StrCat("submit-", i));
    if (i % 3 == 0) continue;  // Left under review.
    if (i % 3 == 1) {
      h.MustRun(ReturnCommand(id, {MakeDefect("description", "描述过于简单")}),
                reviewer, now + absl::Hours(30));
      content.set_description(absl::StrCat("补充后的描述", i));
      h.MustRun(EditCommand(id, content), owner, now + absl::Hours(31));
      h.MustRun(SubmitCommand(id), owner, now + absl::Hours(32));
      if (i % 2 == 1) continue;  // Resubmitted, under review again.
    }
    h.MustRun(PublishCommand(id), reviewer, now + absl::Hours(80));
  }
  CHECK(refused == 3);

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  const ProjectionRows stored = StoredRows(h.store());
  CHECK(rebuilt->size() == stored.size());
  CHECK(*rebuilt == stored);

  // The workload reached every kind of row.
  std::set<std::string> kinds;
  for (const auto& [key, value] : stored) {
    kinds.insert(key.substr(0, key.find('/', key.find('/') + 1) + 1));
  }
  // Review clocks name no responsible organisation; the data-update clocks
  // of the published entries (Art. 12) do, hence deadline/by-org/ rows. The
  // published entries stand on the open list (Art. 8). Submissions notify
  // the reviewers and reviews the providers (the store's inbox index, which
  // the rebuild covers too). Every entry has a state history and every clock
  // a row by start time for the supervision statistics (Art. 22).
  CHECK(kinds == std::set<std::string>{
                     kCatalogEntryRowPrefix, kCatalogByProviderPrefix,
                     kCatalogByStatePrefix, kCatalogByAttributePrefix,
                     kCatalogPendingPrefix, kCatalogPendingAllPrefix,
                     kCatalogSearchPrefix, kDeadlineRowPrefix, kDeadlineOpenDuePrefix,
                     kDeadlineByStatePrefix, kDeadlineByRegionPrefix,
                     kDeadlineByOrgPrefix, kOpenListCurrentPrefix,
                     kOpenListHistoryPrefix, kStatsEntryPrefix,
                     kStatsClockPrefix, "inbox/org/", "inbox/region/"});
  size_t entries = 0;
  size_t deadlines = 0;
  for (const auto& [key, value] : stored) {
    entries += key.rfind(kCatalogEntryRowPrefix, 0) == 0 ? 1 : 0;
    deadlines += key.rfind(kDeadlineRowPrefix, 0) == 0 ? 1 : 0;
  }
  CHECK(entries == 15);
  // 9 entries were submitted (i % 5 is 0, 1 or 2); 3 of them (i % 3 == 1)
  // were returned and resubmitted: 12 review clocks. 4 were published
  // (entries 2, 5, 10 and 11), each with two upkeep clocks: 8 more.
  CHECK(deadlines == 20);

  // Folding the log event by event gives the same rows too.
  ProjectionRebuilder rebuilder;
  const auto events = h.store().ReadAll(1, 100000);
  REQUIRE(events.ok());
  for (const RecordedEvent& e : *events) rebuilder.Apply(e.envelope);
  CHECK(rebuilder.events() == h.store().LastSequence());
  CHECK(rebuilder.Rows() == stored);
}

}  // namespace
}  // namespace opendata::engine_test
