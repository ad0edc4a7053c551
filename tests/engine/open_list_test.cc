// Tests of the open list (开放清单, Art. 8): which entries stand on it
// (PUBLISHED and UNCONDITIONAL or CONDITIONAL; a pending takedown keeps an
// entry on it, a quality suspension and an effective takedown take it off, the
// republication returns it), the intervals kept per entry, the export as of a
// past instant (byte-exact CSV and JSON lines), the filters and page tokens,
// the chunker, and a rebuild of the projections equal to the incremental rows.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/projections/open_list_projection.h"
#include "engine/query/open_list_export.h"
#include "engine/query/open_list_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kBuses[] = "jn-jtj-buses";        // UNCONDITIONAL, city
constexpr char kClinics[] = "rc-wsj-clinics";    // CONDITIONAL, 任城区
constexpr char kPrisoners[] = "jn-sfj-inmates";  // NOT_OPEN, city

pb::Actor BusesOwner() { return CityProvider("jn-jtj"); }
pb::Actor ClinicsOwner() { return CountyProvider("370811", "rc-wsj"); }
pb::Actor PrisonersOwner() { return CityProvider("jn-sfj"); }

pb::CatalogEntryContent ClinicsContent() {
  pb::CatalogEntryContent c = ConditionalContent();
  c.set_name("任城区\"社区\"诊所,名录");
  c.set_domain("医疗卫生");
  return c;
}

pb::CatalogEntryContent PrisonersContent() {
  pb::CatalogEntryContent c = ValidContent();
  c.set_name("在押人员信息");
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  c.set_legal_basis("《中华人民共和国监狱法》第二十条");
  return c;
}

const absl::Time kCreated = Shanghai(2026, 3, 2, 9, 0, 0);
const absl::Time kPublished = Shanghai(2026, 3, 3, 10, 0, 0);
const absl::Time kSuspended = Shanghai(2026, 3, 5, 10, 0, 0);
const absl::Time kRepublished = Shanghai(2026, 3, 10, 10, 0, 0);

const char kBusesCsv[] =
    "jn-jtj-buses,济宁市公交线路信息,jn-jtj,3708,UNCONDITIONAL,CSV,交通出行,,"
    "MONTHLY,FILE; API,2026-03-03T10:00:00+08:00\r\n";
const char kClinicsCsv[] =
    "rc-wsj-clinics,\"任城区\"\"社区\"\"诊所,名录\",rc-wsj,370811,CONDITIONAL,"
    "CSV,医疗卫生,APPLICATION_SCENARIO: 申请者须说明具体应用场景; "
    "DATA_SECURITY: 申请者须具备数据安全管理制度,MONTHLY,FILE; API,"
    "2026-03-03T10:00:00+08:00\r\n";
const char kBusesJson[] =
    "{\"catalog_entry_id\":\"jn-jtj-buses\",\"name\":\"济宁市公交线路信息\","
    "\"provider_organization\":\"jn-jtj\",\"region\":\"3708\","
    "\"open_attribute\":\"UNCONDITIONAL\",\"data_format\":\"CSV\","
    "\"domain\":\"交通出行\",\"conditions\":[],\"update_frequency\":"
    "\"MONTHLY\",\"service_modes\":[\"FILE\",\"API\"],\"publish_time\":"
    "\"2026-03-03T10:00:00+08:00\"}\n";
const char kClinicsJson[] =
    "{\"catalog_entry_id\":\"rc-wsj-clinics\",\"name\":"
    "\"任城区\\\"社区\\\"诊所,名录\",\"provider_organization\":\"rc-wsj\","
    "\"region\":\"370811\",\"open_attribute\":\"CONDITIONAL\","
    "\"data_format\":\"CSV\",\"domain\":\"医疗卫生\",\"conditions\":["
    "{\"kind\":\"APPLICATION_SCENARIO\",\"description\":"
    "\"申请者须说明具体应用场景\"},{\"kind\":\"DATA_SECURITY\","
    "\"description\":\"申请者须具备数据安全管理制度\"}],"
    "\"update_frequency\":\"MONTHLY\",\"service_modes\":[\"FILE\",\"API\"],"
    "\"publish_time\":\"2026-03-03T10:00:00+08:00\"}\n";

pb::Command Simple(const std::string& id, int which) {
  pb::Command c;
  switch (which) {
    case 0:
      c.mutable_request_takedown()->set_catalog_entry_id(id);
      c.mutable_request_takedown()->set_reasons("职责调整");
      break;
    case 1:
      c.mutable_approve_takedown()->set_catalog_entry_id(id);
      break;
    case 2:
      c.mutable_take_down_for_quality()->set_catalog_entry_id(id);
      c.mutable_take_down_for_quality()->set_reasons("数据缺失");
      break;
    case 3:
      c.mutable_report_remediation()->set_catalog_entry_id(id);
      c.mutable_report_remediation()->set_notes("已补齐");
      break;
    default:
      c.mutable_accept_remediation()->set_catalog_entry_id(id);
      break;
  }
  return c;
}

// The three entries published at kPublished.
void PublishAll(DeadlineHarness& h) {
  h.clock().Set(kCreated);
  h.MustRun(CreateCommand(kBuses, ValidContent()), BusesOwner());
  h.MustRun(SubmitCommand(kBuses), BusesOwner());
  h.MustRun(CreateCommand(kClinics, ClinicsContent()), ClinicsOwner());
  h.MustRun(SubmitCommand(kClinics), ClinicsOwner());
  h.MustRun(CreateCommand(kPrisoners, PrisonersContent()), PrisonersOwner());
  h.MustRun(SubmitCommand(kPrisoners), PrisonersOwner());
  h.clock().Set(kPublished);
  h.MustRun(PublishCommand(kBuses), CityReviewer());
  h.MustRun(PublishCommand(kClinics), CountyReviewer("370811"));
  h.MustRun(PublishCommand(kPrisoners), CityReviewer());
}

std::vector<std::string> Ids(const std::vector<pb::OpenListRow>& rows) {
  std::vector<std::string> ids;
  for (const pb::OpenListRow& r : rows) ids.push_back(r.catalog_entry_id());
  return ids;
}

std::vector<std::string> CurrentIds(const OpenListQueries& q,
                                    OpenListFilter filter = {}) {
  absl::StatusOr<OpenListPage> page = q.List(PlainUser(), filter);
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return Ids(page->rows);
}

std::vector<std::string> IdsAsOf(const OpenListQueries& q, absl::Time at) {
  absl::StatusOr<std::vector<pb::OpenListRow>> rows = q.AsOf({}, at);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return Ids(*rows);
}

// The export's bytes and its number of chunks.
std::string Export(const OpenListQueries& q, absl::Time as_of, absl::Time now,
                   pb::OpenListExportFormat format, int* chunks = nullptr,
                   const OpenListFilter& filter = {}) {
  std::string out;
  int n = 0;
  const absl::Status status =
      q.Export(filter, as_of, now, format, [&](std::string chunk) {
        out += chunk;
        ++n;
        return absl::OkStatus();
      });
  INFO(status.ToString());
  REQUIRE(status.ok());
  if (chunks != nullptr) *chunks = n;
  return out;
}

TEST_CASE("open list: who stands on it, and the list as of any instant",
          "[open_list][pipeline][scheduler]") {
  DeadlineHarness h(kCreated);
  const OpenListQueries q(&h.store());
  PublishAll(h);
  // NOT_OPEN stays in the catalog, not on the list.
  CHECK(CurrentIds(q) == std::vector<std::string>{kBuses, kClinics});

  // A pending takedown keeps the buses on it; a quality takedown removes the
  // clinics until the remediation is accepted.
  h.clock().Set(kSuspended);
  h.MustRun(Simple(kBuses, 0), BusesOwner());
  h.MustRun(Simple(kClinics, 2), CityReviewer());
  CHECK(CurrentIds(q) == std::vector<std::string>{kBuses});
  h.clock().Set(kRepublished);
  h.MustRun(Simple(kClinics, 3), ClinicsOwner());
  h.MustRun(Simple(kClinics, 4), CityReviewer());
  CHECK(CurrentIds(q) == std::vector<std::string>{kBuses, kClinics});

  // The buses' takedown is approved; its notice ends on Tue 24 March and the
  // scheduler makes it effective after that.
  h.MustRun(Simple(kBuses, 1), CityReviewer());
  CHECK(CurrentIds(q) == std::vector<std::string>{kBuses, kClinics});
  const absl::Time taken = At("2026-03-25T08:00:00+08:00");
  h.clock().Set(taken);
  CHECK(h.RunScheduler() == 1);
  CHECK(h.Entry(kBuses).state() == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  CHECK(CurrentIds(q) == std::vector<std::string>{kClinics});

  // As of any instant: [from, to).
  CHECK(IdsAsOf(q, kPublished - absl::Seconds(1)).empty());
  CHECK(IdsAsOf(q, kPublished) == std::vector<std::string>{kBuses, kClinics});
  CHECK(IdsAsOf(q, kSuspended - absl::Seconds(1)) ==
        std::vector<std::string>{kBuses, kClinics});
  CHECK(IdsAsOf(q, kSuspended) == std::vector<std::string>{kBuses});
  CHECK(IdsAsOf(q, kRepublished) == std::vector<std::string>{kBuses, kClinics});
  CHECK(IdsAsOf(q, taken - absl::Seconds(1)) ==
        std::vector<std::string>{kBuses, kClinics});
  CHECK(IdsAsOf(q, taken) == std::vector<std::string>{kClinics});

  // The export as of a past instant, byte for byte.
  const absl::Time past = At("2026-03-04T12:00:00+08:00");
  int chunks = 0;
  CHECK(Export(q, past, taken, pb::OPEN_LIST_EXPORT_FORMAT_CSV, &chunks) ==
        OpenListCsvHeader() + kBusesCsv + kClinicsCsv);
  CHECK(chunks == 1);
  CHECK(Export(q, past, taken, pb::OPEN_LIST_EXPORT_FORMAT_JSON_LINES) ==
        std::string(kBusesJson) + kClinicsJson);
  CHECK(Export(q, taken, taken, pb::OPEN_LIST_EXPORT_FORMAT_CSV) ==
        OpenListCsvHeader() + kClinicsCsv);
  // Before anything was published: the header alone; JSON lines: one empty
  // chunk.
  CHECK(Export(q, kCreated, taken, pb::OPEN_LIST_EXPORT_FORMAT_CSV) ==
        OpenListCsvHeader());
  CHECK(Export(q, kCreated, taken, pb::OPEN_LIST_EXPORT_FORMAT_JSON_LINES,
               &chunks)
            .empty());
  CHECK(chunks == 1);

  // The clinics' intervals: [published, suspended) and [republished, ...).
  const ProjectionRows rows = AllRows(h.store());
  pb::OpenListInterval first, second;
  REQUIRE(first.ParseFromString(
      rows.at(std::string(kOpenListHistoryPrefix) + kClinics + "/0000000001")));
  REQUIRE(second.ParseFromString(
      rows.at(std::string(kOpenListHistoryPrefix) + kClinics + "/0000000002")));
  CHECK(FromProto(first.from_time()) == kPublished);
  CHECK(FromProto(first.to_time()) == kSuspended);
  CHECK(FromProto(second.from_time()) == kRepublished);
  CHECK_FALSE(second.has_to_time());
  CHECK(rows.count(std::string(kOpenListCurrentPrefix) + kBuses) == 0);

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == rows);
}

TEST_CASE("open list: filters, page tokens and refusals",
          "[open_list][pipeline]") {
  DeadlineHarness h(kCreated);
  const OpenListQueries q(&h.store());
  PublishAll(h);
  OpenListFilter f;
  f.open_attribute = pb::OPEN_ATTRIBUTE_CONDITIONAL;
  CHECK(CurrentIds(q, f) == std::vector<std::string>{kClinics});
  f = {};
  f.region = "370811";
  CHECK(CurrentIds(q, f) == std::vector<std::string>{kClinics});
  f = {};
  f.provider_organization = "jn-jtj";
  CHECK(CurrentIds(q, f) == std::vector<std::string>{kBuses});
  f = {};
  f.domain = "交通出行";
  CHECK(CurrentIds(q, f) == std::vector<std::string>{kBuses});
  f.domain = "气象";
  CHECK(CurrentIds(q, f).empty());
  // The same filters apply to the export.
  f = {};
  f.region = "3708";
  CHECK(Export(q, kPublished, kPublished, pb::OPEN_LIST_EXPORT_FORMAT_CSV,
               nullptr, f) == OpenListCsvHeader() + kBusesCsv);

  // Pages of one.
  f = {};
  f.page_size = 1;
  absl::StatusOr<OpenListPage> page = q.List(PlainUser(), f);
  REQUIRE(page.ok());
  CHECK(Ids(page->rows) == std::vector<std::string>{kBuses});
  f.page_token = page->next_page_token;
  page = q.List(PlainUser(), f);
  REQUIRE(page.ok());
  CHECK(Ids(page->rows) == std::vector<std::string>{kClinics});
  f.page_token = page->next_page_token;
  page = q.List(PlainUser(), f);
  REQUIRE(page.ok());
  CHECK(page->rows.empty());
  CHECK(page->next_page_token.empty());
  // A token is bound to its filters.
  OpenListFilter other;
  other.region = "370811";
  other.page_token = f.page_token;
  CheckError(q.List(PlainUser(), other).status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");

  SECTION("NOT_OPEN is not a filter of the open list") {
    OpenListFilter bad;
    bad.open_attribute = pb::OPEN_ATTRIBUTE_NOT_OPEN;
    CheckError(q.List(PlainUser(), bad).status(), StatusCode::kInvalidArgument,
               "FILTER_INVALID");
    CHECK(ViolationFields(q.List(PlainUser(), bad).status()) ==
          std::vector<std::string>{"filter.open_attribute"});
  }
  SECTION("an unknown region") {
    OpenListFilter bad;
    bad.region = "110101";
    CheckError(q.AsOf(bad, kPublished).status(), StatusCode::kInvalidArgument,
               "FILTER_INVALID");
  }
  SECTION("the export needs a format and a past instant") {
    const auto sink = [](std::string) { return absl::OkStatus(); };
    const absl::Status no_format =
        q.Export({}, kPublished, kPublished,
                 pb::OPEN_LIST_EXPORT_FORMAT_UNSPECIFIED, sink);
    CheckError(no_format, StatusCode::kInvalidArgument, "EXPORT_INVALID");
    CHECK(ViolationFields(no_format) == std::vector<std::string>{"format"});
    const absl::Status future =
        q.Export({}, kPublished + absl::Seconds(1), kPublished,
                 pb::OPEN_LIST_EXPORT_FORMAT_CSV, sink);
    CheckError(future, StatusCode::kInvalidArgument, "EXPORT_INVALID");
    CHECK(ViolationFields(future) == std::vector<std::string>{"as_of"});
  }
}

// ------------------------------------------------------------ the fold

pb::EventEnvelope At_(absl::Time t) {
  pb::EventEnvelope e;
  *e.mutable_occurred_at() = ToProto(t);
  return e;
}

pb::CatalogEntry View(pb::CatalogEntryState state,
                      const pb::CatalogEntryContent& content) {
  pb::CatalogEntry view;
  view.set_catalog_entry_id(kBuses);
  view.set_provider_organization("jn-jtj");
  view.set_region("3708");
  view.set_state(state);
  *view.mutable_content() = content;
  *view.mutable_publish_time() = ToProto(kPublished);
  return view;
}

TEST_CASE("open list: intervals follow the view's row", "[open_list]") {
  const pb::CatalogEntry published =
      View(pb::CATALOG_ENTRY_STATE_PUBLISHED, ValidContent());
  const pb::CatalogEntry suspended =
      View(pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY, ValidContent());
  CHECK_FALSE(OpenListRowOf(suspended).has_value());
  CHECK_FALSE(
      OpenListRowOf(View(pb::CATALOG_ENTRY_STATE_PUBLISHED, PrisonersContent()))
          .has_value());
  const absl::Time t1 = kPublished, t2 = kSuspended, t3 = kRepublished;

  SECTION("a content change of a listed entry opens a new interval") {
    OpenListHistory history;
    FoldOpenList(history, published, At_(t1));
    FoldOpenList(history, published, At_(t2));  // nothing listed changed
    REQUIRE(history.size() == 1);
    pb::CatalogEntryContent weekly = ValidContent();
    weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
    FoldOpenList(history, View(pb::CATALOG_ENTRY_STATE_PUBLISHED, weekly),
                 At_(t3));
    REQUIRE(history.size() == 2);
    CHECK(FromProto(history[0].to_time()) == t3);
    CHECK(history[1].number() == 2);
    CHECK(history[1].row().update_frequency() == pb::UPDATE_FREQUENCY_WEEKLY);
    CHECK(OpenListRows(published, history)
              .count(std::string(kOpenListCurrentPrefix) + kBuses) == 1);
  }
  SECTION("an interval of no time is dropped; an undone change continues") {
    OpenListHistory history;
    FoldOpenList(history, published, At_(t1));
    FoldOpenList(history, suspended, At_(t1));
    CHECK(history.empty());
    FoldOpenList(history, published, At_(t2));
    FoldOpenList(history, suspended, At_(t3));
    FoldOpenList(history, published, At_(t3));
    REQUIRE(history.size() == 1);
    CHECK(FromProto(history[0].from_time()) == t2);
    CHECK_FALSE(history[0].has_to_time());
  }
}

// ------------------------------------------------------------ export format

TEST_CASE("open list: the chunker cuts at record ends", "[open_list]") {
  std::vector<std::string> chunks;
  ChunkWriter writer(10, [&](std::string chunk) {
    chunks.push_back(std::move(chunk));
    return absl::OkStatus();
  });
  REQUIRE(writer.Add("aaaa\n").ok());
  REQUIRE(writer.Add("bbbb\n").ok());
  REQUIRE(writer.Add("cccc\n").ok());
  REQUIRE(writer.Add("0123456789abc\n").ok());
  REQUIRE(writer.Add("d\n").ok());
  REQUIRE(writer.Finish().ok());
  CHECK(chunks == std::vector<std::string>{"aaaa\nbbbb\n", "cccc\n",
                                           "0123456789", "abc\nd\n"});
  // A sink error stops the export.
  ChunkWriter failing(
      4, [](std::string) { return absl::CancelledError("client gone"); });
  CHECK(failing.Add("aaaa\n").code() == StatusCode::kCancelled);
}

TEST_CASE("open list: CSV quoting and JSON escaping", "[open_list]") {
  pb::OpenListRow row;
  row.set_catalog_entry_id("jn-x");
  row.set_name("a\"b\nc");
  row.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  row.set_update_frequency(pb::UPDATE_FREQUENCY_DAILY);
  row.set_domain("tab\there\\");
  *row.mutable_publish_time() = ToProto(At("2026-03-03T02:00:00Z"));
  CHECK(OpenListCsvRecord(row) ==
        "jn-x,\"a\"\"b\nc\",,,UNCONDITIONAL,,tab\there\\,,DAILY,,"
        "2026-03-03T10:00:00+08:00\r\n");
  CHECK(OpenListJsonLine(row) ==
        "{\"catalog_entry_id\":\"jn-x\",\"name\":\"a\\\"b\\nc\","
        "\"provider_organization\":\"\",\"region\":\"\",\"open_attribute\":"
        "\"UNCONDITIONAL\",\"data_format\":\"\",\"domain\":\"tab\\there\\\\\","
        "\"conditions\":[],\"update_frequency\":\"DAILY\",\"service_modes\":[],"
        "\"publish_time\":\"2026-03-03T10:00:00+08:00\"}\n");
}

}  // namespace
}  // namespace opendata::engine_test
