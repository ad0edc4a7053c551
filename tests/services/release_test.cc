// Releases and quality assessments over gRPC (Art. 12, issue 4): publication
// starts the data-update and quality-assessment clocks (GetCatalogEntry and
// ListDeadlines show them); the owner records releases (every refusal naming
// its rule, a retry replayed), which meet the update clock and start the next;
// the scheduler marks a missed update overdue and the late release meets it;
// a reviewer of another county may not assess, the county's reviewer does; the
// histories are public with the published entry.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/release_client.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

constexpr char kSha[] =
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

pb::RecordReleaseRequest Release(const std::string& id,
                                 const std::string& version,
                                 const std::string& request_id) {
  pb::RecordReleaseRequest r;
  r.set_request_id(request_id);
  r.set_catalog_entry_id(id);
  r.set_version_label(version);
  r.set_rows(52000);
  r.set_bytes(3145728);
  r.set_sha256(kSha);
  r.set_format("CSV");
  return r;
}

pb::RecordQualityAssessmentRequest Assessment(const std::string& id) {
  pb::RecordQualityAssessmentRequest r;
  r.set_catalog_entry_id(id);
  r.set_authenticity(pb::QUALITY_RATING_GOOD);
  r.set_completeness(pb::QUALITY_RATING_GOOD);
  r.set_accuracy(pb::QUALITY_RATING_MINOR_ISSUES);
  r.set_timeliness(pb::QUALITY_RATING_GOOD);
  r.set_availability(pb::QUALITY_RATING_GOOD);
  r.set_findings("号牌脱敏规则执行正确，少量登记日期缺失");
  r.set_conclusion(pb::QUALITY_CONCLUSION_SATISFACTORY);
  return r;
}

TEST_CASE("releases and quality assessments through the API",
          "[services][release]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  ReleaseClient client(f);
  const std::string id = "rc-gaj-001";
  f.MustCreate(kRenchengProvider, id, ConditionalContent("暂住人口统计"));
  f.MustSubmit(kRenchengProvider, id);
  f.clock().Set(At("2026-03-03T10:00:00+08:00"));
  f.MustPublish(kRenchengReviewer, id);

  // MONTHLY: the next update is due at the end of 3 April; the assessment a
  // year after publication.
  pb::CatalogEntry entry = f.MustGet(kCitizen, id);
  CHECK(TimeOf(entry.next_update_due_time()) ==
        At("2026-04-03T23:59:59+08:00"));
  CHECK(TimeOf(entry.next_quality_assessment_due_time()) ==
        At("2027-03-03T23:59:59+08:00"));
  const pb::DeadlineStatus first =
      f.MustGetDeadline("data-update:rc-gaj-001:1");
  CHECK(first.deadline().kind() == pb::DEADLINE_KIND_DATA_UPDATE);
  CHECK(first.deadline().responsible_organization() == "rc-gaj");
  CHECK(first.deadline().state() == pb::DEADLINE_STATE_OPEN);

  f.clock().Set(At("2026-03-20T10:00:00+08:00"));
  {
    pb::RecordReleaseRequest bad = Release(id, "2026-03", "bad-1");
    bad.set_sha256("ABC");
    bad.set_rows(-1);
    const grpc::Status status =
        client.RecordRelease(f.Bearer(kRenchengProvider), bad);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "RELEASE_INVALID");
    CHECK(ViolatedFields(status) == std::vector<std::string>{"rows", "sha256"});
  }
  {
    const grpc::Status status = client.RecordRelease(
        f.Bearer(kGajProvider), Release(id, "2026-03", "other-1"));
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "NOT_ENTRY_OWNER");
  }
  pb::RecordReleaseResponse released;
  REQUIRE_OK(client.RecordRelease(f.Bearer(kRenchengProvider),
                                  Release(id, "2026-03", "rel-1"), &released));
  CHECK(released.catalog_entry().release_count() == 1);
  CHECK(released.catalog_entry().latest_release().sha256() == kSha);
  CHECK(TimeOf(released.catalog_entry().latest_release().release_time()) ==
        At("2026-03-20T10:00:00+08:00"));
  CHECK(TimeOf(released.catalog_entry().next_update_due_time()) ==
        At("2026-04-20T23:59:59+08:00"));
  CHECK_FALSE(released.receipt().replayed());
  // A retry is replayed; the same label with another request id is refused.
  pb::RecordReleaseResponse retried;
  REQUIRE_OK(client.RecordRelease(f.Bearer(kRenchengProvider),
                                  Release(id, "2026-03", "rel-1"), &retried));
  CHECK(retried.receipt().replayed());
  {
    const grpc::Status status = client.RecordRelease(
        f.Bearer(kRenchengProvider), Release(id, "2026-03", "rel-again"));
    CHECK(status.error_code() == grpc::StatusCode::ALREADY_EXISTS);
    CHECK(ErrorReason(status) == "RELEASE_VERSION_EXISTS");
  }
  CHECK(f.MustGetDeadline("data-update:rc-gaj-001:1").deadline().state() ==
        pb::DEADLINE_STATE_MET);

  // The next update is missed: the scheduler marks it overdue once.
  f.clock().Set(At("2026-04-21T00:00:05+08:00"));
  CHECK(f.RunSchedulerOnce() == 1);
  CHECK(f.MustGetDeadline("data-update:rc-gaj-001:2").deadline().state() ==
        pb::DEADLINE_STATE_OVERDUE);
  REQUIRE_OK(client.RecordRelease(f.Bearer(kRenchengProvider),
                                  Release(id, "2026-04", "rel-2")));
  const pb::DeadlineStatus late = f.MustGetDeadline("data-update:rc-gaj-001:2");
  CHECK(late.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK(late.deadline().late());

  // Quality assessment: not by another county's reviewer; every rating needed.
  {
    const grpc::Status status = client.RecordQualityAssessment(
        f.Bearer(kZouchengReviewer), Assessment(id));
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
  }
  {
    pb::RecordQualityAssessmentRequest bad = Assessment(id);
    bad.clear_accuracy();
    const grpc::Status status =
        client.RecordQualityAssessment(f.Bearer(kRenchengReviewer), bad);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "QUALITY_ASSESSMENT_INVALID");
    CHECK(ViolatedFields(status) == std::vector<std::string>{"accuracy"});
  }
  pb::RecordQualityAssessmentResponse assessed;
  REQUIRE_OK(client.RecordQualityAssessment(f.Bearer(kRenchengReviewer),
                                            Assessment(id), &assessed));
  CHECK(assessed.catalog_entry().quality_assessment_count() == 1);
  CHECK(assessed.catalog_entry().latest_quality_assessment().conclusion() ==
        pb::QUALITY_CONCLUSION_SATISFACTORY);
  CHECK(TimeOf(assessed.catalog_entry().next_quality_assessment_due_time()) ==
        At("2027-04-21T23:59:59+08:00"));

  // The histories are public with the published entry.
  pb::ListReleasesRequest list;
  list.set_catalog_entry_id(id);
  pb::ListReleasesResponse releases;
  REQUIRE_OK(client.ListReleases(f.Bearer(kCitizen), list, &releases));
  REQUIRE(releases.releases_size() == 2);
  CHECK(releases.releases(0).version_label() == "2026-03");
  CHECK(releases.releases(1).number() == 2);
  pb::ListQualityAssessmentsRequest list_assessments;
  list_assessments.set_catalog_entry_id(id);
  pb::ListQualityAssessmentsResponse assessments;
  REQUIRE_OK(client.ListQualityAssessments(f.Bearer(kCitizen), list_assessments,
                                           &assessments));
  REQUIRE(assessments.quality_assessments_size() == 1);
  CHECK(assessments.quality_assessments(0).assessed_by().subject() == "sun.li");
  list.set_catalog_entry_id("rc-none");
  CHECK(client.ListReleases(f.Bearer(kCitizen), list).error_code() ==
        grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("the release of a draft is refused", "[services][release]") {
  PlatformFixture f;
  ReleaseClient client(f);
  f.MustCreate(kGajProvider, "jn-gaj-010", ConditionalContent());
  const grpc::Status status = client.RecordRelease(
      f.Bearer(kGajProvider), Release("jn-gaj-010", "v1", "draft-1"));
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(status) == "CATALOG_ENTRY_NOT_PUBLISHED");
}

}  // namespace
}  // namespace opendata::testing
