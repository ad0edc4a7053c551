// Tests of the catalog search (engine/query/search_text.h and
// CatalogQueries::Search, engine/query/catalog_search.cc) over a real
// RocksEventStore: the normaliser and the grams, Chinese substring hits in the
// middle of words, one-character queries, no false positive when every bigram
// occurs but not contiguously, filters, visibility, each sort order, paging
// with no duplicates or gaps (also past the probe of long posting lists),
// tokens bound to the query, renames dropping the old grams, and every refused
// field.
#include <set>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/projections/catalog_projection.h"
#include "engine/query/search_text.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::Actor CountyOwner() { return CountyProvider("370811", "rc-wsj"); }
pb::Actor CityOwner() { return CityProvider("jn-gaj"); }

pb::CatalogEntryContent Content(const std::string& name,
                                const std::string& domain,
                                const std::string& description) {
  pb::CatalogEntryContent c = ValidContent();
  c.set_name(name);
  c.set_domain(domain);
  c.set_description(description);
  return c;
}

// Creates entry `id` with `content` as `owner` at `when`.
void Create(PipelineHarness& h, const std::string& id,
            const pb::CatalogEntryContent& content, const pb::Actor& owner,
            absl::Time when) {
  h.MustRun(CreateCommand(id, content), owner, when);
}

// Submits and publishes entry `id` of `owner`.
void Publish(PipelineHarness& h, const std::string& id, const pb::Actor& owner,
             absl::Time when) {
  h.MustRun(SubmitCommand(id), owner, when);
  const pb::Actor reviewer = owner.level() == pb::LEVEL_COUNTY
                                 ? CountyReviewer(owner.region())
                                 : CityReviewer();
  h.MustRun(PublishCommand(id), reviewer, when + absl::Hours(1));
}

pb::SearchCatalogEntriesRequest Query(const std::string& text) {
  pb::SearchCatalogEntriesRequest r;
  r.set_query(text);
  return r;
}

// The ids of one page of hits.
std::vector<std::string> Ids(const pb::SearchCatalogEntriesResponse& page) {
  std::vector<std::string> ids;
  for (const pb::SearchHit& hit : page.hits())
    ids.push_back(hit.catalog_entry().catalog_entry_id());
  return ids;
}

// The ids of one search (first page), which must succeed.
std::vector<std::string> Find(const PipelineHarness& h, const pb::Actor& actor,
                              const pb::SearchCatalogEntriesRequest& r) {
  const absl::StatusOr<pb::SearchCatalogEntriesResponse> page =
      h.queries().Search(actor, r);
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return Ids(*page);
}

// Every hit of a search, following page tokens; `pages` counts the calls.
std::vector<std::string> FindAll(const PipelineHarness& h,
                                 const pb::Actor& actor,
                                 pb::SearchCatalogEntriesRequest r,
                                 int* pages) {
  std::vector<std::string> ids;
  *pages = 0;
  while (true) {
    const absl::StatusOr<pb::SearchCatalogEntriesResponse> page =
        h.queries().Search(actor, r);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    ++*pages;
    REQUIRE(*pages < 1000);
    for (const std::string& id : Ids(*page)) ids.push_back(id);
    if (page->next_page_token().empty()) break;
    r.set_page_token(page->next_page_token());
  }
  return ids;
}

// Expected ids, in order.
using IdList = std::vector<std::string>;

// A small catalog: three published entries and two drafts, one of which is
// named with every bigram of 企业登记 but not the word itself.
void SmallCatalog(PipelineHarness& h) {
  const absl::Time t = At("2026-03-02T09:00:00+08:00");
  Create(h, "jn-gaj-qydj",
         Content("济宁市企业登记信息", "市场监管", "全市企业登记注册信息"),
         CityOwner(), t);
  Publish(h, "jn-gaj-qydj", CityOwner(), t + absl::Hours(1));
  Create(h, "rc-wsj-gjxl",
         Content("公交线路", "交通出行", "任城区公交线路与站点"), CountyOwner(),
         t + absl::Hours(3));
  Publish(h, "rc-wsj-gjxl", CountyOwner(), t + absl::Hours(4));
  pb::CatalogEntryContent bdc = ConditionalContent();
  bdc.set_name("不动产登记");
  bdc.set_domain("自然资源");
  bdc.set_description("不动产登记簿信息");
  Create(h, "jn-gaj-bdcdj", bdc, CityOwner(), t + absl::Hours(6));
  Publish(h, "jn-gaj-bdcdj", CityOwner(), t + absl::Hours(7));
  Create(h, "jn-gaj-draft",
         Content("GPS轨迹数据", "交通出行", "出租车 GPS 轨迹"), CityOwner(),
         t + absl::Hours(9));
  Create(h, "rc-wsj-mix", Content("企业业登登记", "其他", "无关内容"),
         CountyOwner(), t + absl::Hours(10));
}

TEST_CASE("search: the normaliser folds full-width forms case and white space",
          "[search]") {
  CHECK(NormalizeSearchText("ＧＰＳ　轨迹  Data\n") == "gps 轨迹 data");
  CHECK(NormalizeSearchText("  济宁市\t公交 ") == "济宁市 公交");
  CHECK(NormalizeSearchText("１２３（二）") == "123(二)");
  CHECK(NormalizeSearchText("不动产登记") == "不动产登记");
  CHECK(NormalizeSearchText(" \t　") == "");
  CHECK(NormalizeSearchText("a\xFF"
                            "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(NormalizeSearchText("\xE5\x85") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("search: grams are distinct code point unigrams and bigrams",
          "[search]") {
  CHECK(IndexGrams("公交公交") ==
        std::set<std::string>{"公", "交", "公交", "交公"});
  CHECK(IndexGrams("a b") == std::set<std::string>{"a", "b", "a ", " b"});
  CHECK(IndexGrams("").empty());
  CHECK(QueryGrams("公") == std::set<std::string>{"公"});
  CHECK(QueryGrams("公交线") == std::set<std::string>{"公交", "交线"});
  CHECK(QueryGrams("登记登记") == std::set<std::string>{"登记", "记登"});
  CHECK(GramKeySegment("a/%b") == "a%2F%25b");
  CHECK(GramKeySegment("交通") == "交通");
}

TEST_CASE("search: Chinese substrings hit mid-word and one character works",
          "[search]") {
  PipelineHarness h;
  SmallCatalog(h);
  CHECK(Find(h, Auditor(), Query("企业登记")) == IdList{"jn-gaj-qydj"});
  CHECK(Find(h, Auditor(), Query("登记")) ==
        IdList{"jn-gaj-bdcdj", "jn-gaj-qydj", "rc-wsj-mix"});
  CHECK(Find(h, Auditor(), Query("线路")) == IdList{"rc-wsj-gjxl"});
  CHECK(Find(h, Auditor(), Query("交")) ==
        IdList{"rc-wsj-gjxl", "jn-gaj-draft"});
  CHECK(Find(h, Auditor(), Query("济")) == IdList{"jn-gaj-qydj"});
  CHECK(Find(h, Auditor(), Query("车 ＧＰＳ")) == IdList{"jn-gaj-draft"});
  CHECK(Find(h, Auditor(), Query("车gps")).empty());
  CHECK(Find(h, Auditor(), Query("ｇｐｓ轨迹")) == IdList{"jn-gaj-draft"});
  CHECK(Find(h, Auditor(), Query(" gps ")) == IdList{"jn-gaj-draft"});
  CHECK(Find(h, Auditor(), Query("地铁")).empty());

  const auto page = h.queries().Search(Auditor(), Query("企业登记"));
  REQUIRE(page.ok());
  REQUIRE(page->hits_size() == 1);
  CHECK(page->hits(0).catalog_entry().content().name() == "济宁市企业登记信息");
  CHECK(std::vector<int>(page->hits(0).matched_fields().begin(),
                         page->hits(0).matched_fields().end()) ==
        std::vector<int>{pb::SEARCH_FIELD_NAME, pb::SEARCH_FIELD_DESCRIPTION});
}

TEST_CASE("search: every bigram present but not contiguous is no hit",
          "[search]") {
  PipelineHarness h;
  SmallCatalog(h);
  // The index lists rc-wsj-mix under every bigram of the query ...
  for (const std::string& gram : QueryGrams("企业登记")) {
    const auto row = h.store().GetProjection(absl::StrCat(
        kCatalogSearchPrefix, GramKeySegment(gram), "/rc-wsj-mix"));
    REQUIRE(row.ok());
    CHECK(row->has_value());
  }
  // ... but the verification on the entry drops it.
  CHECK(Find(h, Auditor(), Query("企业登记")) == IdList{"jn-gaj-qydj"});
  CHECK(Find(h, Auditor(), Query("业登登")) == IdList{"rc-wsj-mix"});
}

TEST_CASE("search: filters and visibility", "[search]") {
  PipelineHarness h;
  SmallCatalog(h);
  pb::SearchCatalogEntriesRequest r = Query("登记");
  // A plain user sees published entries only; owners see their drafts.
  CHECK(Find(h, PlainUser(), r) == IdList{"jn-gaj-bdcdj", "jn-gaj-qydj"});
  CHECK(Find(h, CountyOwner(), r) ==
        IdList{"jn-gaj-bdcdj", "jn-gaj-qydj", "rc-wsj-mix"});
  CHECK(Find(h, CityOwner(), r) == IdList{"jn-gaj-bdcdj", "jn-gaj-qydj"});
  CHECK(Find(h, CountyReviewer("370812"), r) ==
        IdList{"jn-gaj-bdcdj", "jn-gaj-qydj"});
  CHECK(Find(h, CountyReviewer("370811"), r) ==
        IdList{"jn-gaj-bdcdj", "jn-gaj-qydj", "rc-wsj-mix"});
  // A user asking for drafts sees none.
  r.set_state(pb::CATALOG_ENTRY_STATE_DRAFT);
  CHECK(Find(h, PlainUser(), r).empty());
  CHECK(Find(h, Auditor(), r) == IdList{"rc-wsj-mix"});

  r = Query("登记");
  r.set_provider_organization("jn-gaj");
  CHECK(Find(h, Auditor(), r) == IdList{"jn-gaj-bdcdj", "jn-gaj-qydj"});
  r = Query("登记");
  r.set_region("370811");
  CHECK(Find(h, Auditor(), r) == IdList{"rc-wsj-mix"});
  r = Query("登记");
  r.set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
  CHECK(Find(h, Auditor(), r) == IdList{"jn-gaj-bdcdj"});
  r = Query("交");
  r.set_domain("交通出行");
  CHECK(Find(h, Auditor(), r) == IdList{"rc-wsj-gjxl", "jn-gaj-draft"});
  r.set_domain("自然资源");
  CHECK(Find(h, Auditor(), r).empty());
  r = Query("交");
  r.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(Find(h, Auditor(), r) == IdList{"rc-wsj-gjxl"});
}

TEST_CASE("search: each sort order", "[search]") {
  PipelineHarness h;
  const absl::Time t = At("2026-03-02T09:00:00+08:00");
  // 交通 in the description only, the domain only, the name only.
  Create(h, "e-desc", Content("甲资料", "其他", "涉及交通的资料"), CityOwner(),
         t);
  Create(h, "e-domain", Content("乙资料", "交通出行", "说明"), CityOwner(),
         t + absl::Hours(1));
  Create(h, "e-name", Content("丙交通资料", "其他", "说明"), CityOwner(),
         t + absl::Hours(2));
  Create(h, "e-all", Content("丁交通", "交通出行", "交通"), CityOwner(),
         t + absl::Hours(3));
  // The oldest entry changes last.
  h.MustRun(EditCommand("e-desc", Content("甲资料", "其他", "交通资料汇编")),
            CityOwner(), t + absl::Hours(4));

  pb::SearchCatalogEntriesRequest r = Query("交通");
  CHECK(Find(h, Auditor(), r) ==
        IdList{"e-all", "e-name", "e-domain", "e-desc"});
  r.set_order(pb::SEARCH_ORDER_RELEVANCE);
  CHECK(Find(h, Auditor(), r) ==
        IdList{"e-all", "e-name", "e-domain", "e-desc"});
  // 丁 U+4E01 < 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532.
  r.set_order(pb::SEARCH_ORDER_NAME);
  CHECK(Find(h, Auditor(), r) ==
        IdList{"e-all", "e-name", "e-domain", "e-desc"});
  r.set_order(pb::SEARCH_ORDER_UPDATE_TIME);
  CHECK(Find(h, Auditor(), r) ==
        IdList{"e-desc", "e-all", "e-name", "e-domain"});
  r.set_order(pb::SEARCH_ORDER_ID);
  CHECK(Find(h, Auditor(), r) ==
        IdList{"e-all", "e-desc", "e-domain", "e-name"});
}

TEST_CASE("search: pages cover every hit once in every order", "[search]") {
  PipelineHarness h;
  const absl::Time t = At("2026-03-02T09:00:00+08:00");
  // 300 entries: more than one probe (256 rows) of every posting list.
  std::set<std::string> all;
  for (int i = 0; i < 300; ++i) {
    const std::string id = absl::StrCat("bulk-", 1000 + (i * 7919) % 300);
    const std::string name =
        absl::StrCat(i % 3 == 0 ? "批量数据" : "数据批量数据", i % 17);
    Create(h, id, Content(name, "其他", i % 2 ? "批量数据说明" : "说明"),
           CityOwner(), t + absl::Minutes(i));
    all.insert(id);
  }
  REQUIRE(all.size() == 300);
  for (const pb::SearchOrder order :
       {pb::SEARCH_ORDER_RELEVANCE, pb::SEARCH_ORDER_NAME,
        pb::SEARCH_ORDER_UPDATE_TIME, pb::SEARCH_ORDER_ID}) {
    INFO("order " << order);
    pb::SearchCatalogEntriesRequest r = Query("批量数据");
    r.set_order(order);
    r.set_page_size(500);
    const std::vector<std::string> one_page = Find(h, Auditor(), r);
    CHECK(std::set<std::string>(one_page.begin(), one_page.end()) == all);
    r.set_page_size(37);
    int pages = 0;
    const std::vector<std::string> paged = FindAll(h, Auditor(), r, &pages);
    CHECK(paged == one_page);
    CHECK(pages == 9);
  }
  // One-character query over the same lists.
  pb::SearchCatalogEntriesRequest r = Query("批");
  r.set_order(pb::SEARCH_ORDER_ID);
  r.set_page_size(100);
  int pages = 0;
  const std::vector<std::string> ids = FindAll(h, Auditor(), r, &pages);
  CHECK(std::set<std::string>(ids.begin(), ids.end()) == all);
  CHECK(ids.size() == 300);
  CHECK(pages == 3);
}

TEST_CASE("search: a page token is bound to its query filters and order",
          "[search]") {
  PipelineHarness h;
  SmallCatalog(h);
  pb::SearchCatalogEntriesRequest r = Query("登记");
  r.set_page_size(1);
  const auto first = h.queries().Search(Auditor(), r);
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->next_page_token().empty());
  pb::SearchCatalogEntriesRequest other = Query("信息");
  other.set_page_token(first->next_page_token());
  CheckError(h.queries().Search(Auditor(), other).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  other = r;
  other.set_page_token(first->next_page_token());
  other.set_order(pb::SEARCH_ORDER_NAME);
  CheckError(h.queries().Search(Auditor(), other).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  other.set_order(pb::SEARCH_ORDER_UNSPECIFIED);
  other.set_region("3708");
  CheckError(h.queries().Search(Auditor(), other).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  other = r;
  other.set_page_token(first->next_page_token());
  CheckError(h.queries().Search(PlainUser(), other).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  CHECK(h.queries().Search(Auditor(), other).ok());
}

TEST_CASE("search: a rename drops the old grams and rebuild equals the rows",
          "[search]") {
  PipelineHarness h;
  const absl::Time t = At("2026-03-02T09:00:00+08:00");
  Create(h, "rename-me", Content("公交线路", "交通出行", "站点"), CityOwner(),
         t);
  CHECK(Find(h, Auditor(), Query("公交")) == IdList{"rename-me"});
  h.MustRun(EditCommand("rename-me", Content("不动产登记", "自然资源", "簿册")),
            CityOwner(), t + absl::Hours(1));
  CHECK(Find(h, Auditor(), Query("公交")).empty());
  CHECK(Find(h, Auditor(), Query("交")).empty());
  CHECK(Find(h, Auditor(), Query("动产")) == IdList{"rename-me"});
  const auto old_row = h.store().GetProjection(
      absl::StrCat(kCatalogSearchPrefix, "公交/rename-me"));
  REQUIRE(old_row.ok());
  CHECK_FALSE(old_row->has_value());
  // The index rows are exactly the grams of the new text.
  std::set<std::string> expected;
  for (const char* text : {"不动产登记", "自然资源", "簿册"})
    expected.merge(IndexGrams(text));
  const auto rows = h.store().ScanProjection(kCatalogSearchPrefix, "", 10000);
  REQUIRE(rows.ok());
  std::set<std::string> grams;
  const size_t skip = std::string(kCatalogSearchPrefix).size();
  for (const auto& [key, value] : *rows) {
    CHECK(key.substr(key.rfind('/')) == "/rename-me");
    grams.insert(key.substr(skip, key.rfind('/') - skip));
  }
  CHECK(grams == expected);

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  REQUIRE(rebuilt.ok());
  ProjectionRows stored;
  REQUIRE(
      h.store()
          .ForEachProjectionRow([&](absl::string_view k, absl::string_view v) {
            stored.emplace(std::string(k), std::string(v));
            return absl::OkStatus();
          })
          .ok());
  CHECK(*rebuilt == stored);
}

TEST_CASE("search: every bad field is refused", "[search]") {
  PipelineHarness h;
  SmallCatalog(h);
  auto refused = [&](const pb::SearchCatalogEntriesRequest& r,
                     const std::string& reason, const std::string& field) {
    const absl::Status status = h.queries().Search(Auditor(), r).status();
    CheckError(status, StatusCode::kInvalidArgument, reason);
    CHECK(ViolationFields(status) == std::vector<std::string>{field});
  };
  refused(Query(""), "QUERY_INVALID", "query");
  std::string long_query;
  for (int i = 0; i < 65; ++i) long_query += "数";
  refused(Query(long_query), "QUERY_INVALID", "query");
  CHECK(h.queries().Search(Auditor(), Query(long_query.substr(3))).ok());
  refused(Query(" 　 "), "QUERY_INVALID", "query");
  refused(Query("公\x01交"), "QUERY_INVALID", "query");
  pb::SearchCatalogEntriesRequest r = Query("登记");
  r.set_region("9999");
  refused(r, "FILTER_INVALID", "region");
  r = Query("登记");
  r.set_provider_organization("bad org/");
  refused(r, "FILTER_INVALID", "provider_organization");
  r = Query("登记");
  r.set_domain(long_query);
  refused(r, "FILTER_INVALID", "domain");
  r = Query("登记");
  r.set_state(static_cast<pb::CatalogEntryState>(99));
  refused(r, "FILTER_INVALID", "state");
  r = Query("登记");
  r.set_open_attribute(static_cast<pb::OpenAttribute>(99));
  refused(r, "FILTER_INVALID", "open_attribute");
  r = Query("登记");
  r.set_order(static_cast<pb::SearchOrder>(99));
  refused(r, "FILTER_INVALID", "order");
  r = Query("登记");
  r.set_page_size(501);
  refused(r, "PAGE_SIZE_INVALID", "page_size");
  r = Query("登记");
  r.set_page_token("garbage");
  refused(r, "PAGE_TOKEN_INVALID", "page_token");
}

}  // namespace
}  // namespace opendata::engine_test
