// The open list (开放清单, Art. 8) over gRPC: ListOpenList shows the published
// UNCONDITIONAL and CONDITIONAL entries (not NOT_OPEN ones) to any
// authenticated caller, filtered; a quality takedown takes an entry off; and
// ExportOpenList streams the list as it stood at a past instant or now, as CSV
// and JSON lines, compared byte for byte.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/release_client.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

const char kHeader[] =
    "catalog_entry_id,name,provider_organization,region,open_attribute,"
    "data_format,domain,conditions,update_frequency,service_modes,"
    "publish_time\r\n";
const char kVehiclesCsv[] =
    "jn-gaj-001,机动车登记信息,jn-gaj,3708,CONDITIONAL,CSV,交通出行,"
    "APPLICATION_SCENARIO: 说明具体应用场景并仅用于该场景,MONTHLY,API,"
    "2026-03-03T10:00:00+08:00\r\n";
const char kResidentsCsv[] =
    "rc-gaj-002,暂住人口统计,rc-gaj,370811,UNCONDITIONAL,CSV,交通出行,,"
    "MONTHLY,API,2026-03-03T10:00:00+08:00\r\n";
const char kResidentsJson[] =
    "{\"catalog_entry_id\":\"rc-gaj-002\",\"name\":\"暂住人口统计\","
    "\"provider_organization\":\"rc-gaj\",\"region\":\"370811\","
    "\"open_attribute\":\"UNCONDITIONAL\",\"data_format\":\"CSV\","
    "\"domain\":\"交通出行\",\"conditions\":[],\"update_frequency\":"
    "\"MONTHLY\",\"service_modes\":[\"API\"],\"publish_time\":"
    "\"2026-03-03T10:00:00+08:00\"}\n";

std::string Joined(const std::vector<pb::ExportOpenListResponse>& chunks) {
  std::string out;
  for (const auto& c : chunks) out += c.data();
  return out;
}

std::vector<std::string> Ids(const pb::ListOpenListResponse& response) {
  std::vector<std::string> ids;
  for (const auto& row : response.rows()) ids.push_back(row.catalog_entry_id());
  return ids;
}

TEST_CASE("the open list and its export through the API",
          "[services][open_list]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  ReleaseClient client(f);
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  f.MustCreate(kRenchengProvider, "rc-gaj-002",
               UnconditionalContent("暂住人口统计"));
  f.MustCreate(kGajProvider, "jn-gaj-003", NotOpenContent());
  for (const auto& [who, id] : std::vector<std::pair<Identity, std::string>>{
           {kGajProvider, "jn-gaj-001"},
           {kRenchengProvider, "rc-gaj-002"},
           {kGajProvider, "jn-gaj-003"}}) {
    f.MustSubmit(who, id);
  }
  f.clock().Set(At("2026-03-03T10:00:00+08:00"));
  f.MustPublish(kCityReviewer, "jn-gaj-001");
  f.MustPublish(kCityReviewer, "rc-gaj-002");
  f.MustPublish(kCityReviewer, "jn-gaj-003");

  pb::ListOpenListResponse listed;
  REQUIRE_OK(client.ListOpenList(f.Bearer(kCitizen), {}, &listed));
  CHECK(Ids(listed) == std::vector<std::string>{"jn-gaj-001", "rc-gaj-002"});
  CHECK(listed.rows(0).conditions_size() == 1);

  // A quality takedown takes the vehicles off the list.
  f.clock().Set(At("2026-03-05T10:00:00+08:00"));
  pb::TakeDownForQualityRequest quality;
  quality.set_request_id("quality-1");
  quality.set_catalog_entry_id("jn-gaj-001");
  quality.set_reasons("号牌脱敏失效");
  REQUIRE_OK(f.TakeDownForQuality(f.Bearer(kCityReviewer), quality));
  REQUIRE_OK(client.ListOpenList(f.Bearer(kCitizen), {}, &listed));
  CHECK(Ids(listed) == std::vector<std::string>{"rc-gaj-002"});
  pb::ListOpenListRequest by_region;
  by_region.mutable_filter()->set_region("3708");
  REQUIRE_OK(client.ListOpenList(f.Bearer(kCitizen), by_region, &listed));
  CHECK(listed.rows().empty());

  // As of 4 March: both entries, as CSV.
  pb::ExportOpenListRequest past;
  *past.mutable_as_of() = StampOf(At("2026-03-04T00:00:00+08:00"));
  past.set_format(pb::OPEN_LIST_EXPORT_FORMAT_CSV);
  std::vector<pb::ExportOpenListResponse> chunks;
  REQUIRE_OK(client.ExportOpenList(f.Bearer(kCitizen), past, &chunks));
  REQUIRE(chunks.size() == 1);
  CHECK(TimeOf(chunks[0].as_of()) == At("2026-03-04T00:00:00+08:00"));
  CHECK(Joined(chunks) == std::string(kHeader) + kVehiclesCsv + kResidentsCsv);

  // Now (as_of unset): the residents alone, as JSON lines.
  pb::ExportOpenListRequest now;
  now.set_format(pb::OPEN_LIST_EXPORT_FORMAT_JSON_LINES);
  chunks.clear();
  REQUIRE_OK(client.ExportOpenList(f.Bearer(kRenchengProvider), now, &chunks));
  REQUIRE(chunks.size() == 1);
  CHECK(TimeOf(chunks[0].as_of()) == At("2026-03-05T10:00:00+08:00"));
  CHECK(Joined(chunks) == kResidentsJson);

  // Refusals.
  pb::ExportOpenListRequest future = past;
  *future.mutable_as_of() = StampOf(At("2026-03-06T00:00:00+08:00"));
  chunks.clear();
  grpc::Status status =
      client.ExportOpenList(f.Bearer(kCitizen), future, &chunks);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "EXPORT_INVALID");
  CHECK(ViolatedFields(status) == std::vector<std::string>{"as_of"});
  CHECK(chunks.empty());
  pb::ListOpenListRequest not_open;
  not_open.mutable_filter()->set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  status = client.ListOpenList(f.Bearer(kCitizen), not_open);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "FILTER_INVALID");
  status = client.ExportOpenList("", now, &chunks);
  CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace opendata::testing
