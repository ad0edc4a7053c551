// Implementation of render.h: one line per event type gives the family and
// the summary; the ids come from the stream id and the payload. Pure.
#include "engine/notifications/render.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/applications/application_state.h"
#include "engine/demands/demand_state.h"
#include "engine/plans/plan_state.h"
#include "engine/products/product_state.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr char kCatalogStreamPrefix[] = "catalog-entry/";

struct Description {
  pb::NotificationKind kind = pb::NOTIFICATION_KIND_UNSPECIFIED;
  std::string text;
};

// Family and summary of objection events (Art. 19) on an entry.
Description DescribeObjection(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  switch (p.event_case()) {
    case P::kCatalogEntryObjectionFiled:
      return {pb::NOTIFICATION_KIND_OBJECTION,
              p.catalog_entry_objection_filed().suspends()
                  ? "rights infringement objection filed: the entry is "
                    "suspended, access is paused"
                  : "objection filed: the provider answers within 10 working "
                    "days"};
    case P::kCatalogEntryObjectionVerified:
      return {pb::NOTIFICATION_KIND_OBJECTION,
              p.catalog_entry_objection_verified().founded()
                  ? "objection verified by a reviewer: founded"
                  : "objection verified by a reviewer: unfounded"};
    case P::kCatalogEntryObjectionAnswered: {
      const auto& e = p.catalog_entry_objection_answered();
      if (e.taken_down()) {
        return {pb::NOTIFICATION_KIND_OBJECTION,
                "objection answered: the entry is taken down"};
      }
      if (e.hold_lifted()) {
        return {pb::NOTIFICATION_KIND_OBJECTION,
                "objection answered: the suspension is lifted, access resumes"};
      }
      return {pb::NOTIFICATION_KIND_OBJECTION, "objection answered"};
    }
    case P::kCatalogEntryObjectionWithdrawn:
      return {pb::NOTIFICATION_KIND_OBJECTION,
              p.catalog_entry_objection_withdrawn().hold_lifted()
                  ? "objection withdrawn: the suspension is lifted, access "
                    "resumes"
                  : "objection withdrawn"};
    default:
      return {};
  }
}

// Family and summary of catalog entry events ("Entry <id>: ..." is added by
// the caller).
Description DescribeCatalog(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  switch (p.event_case()) {
    case P::kCatalogEntrySubmitted:
      return {pb::NOTIFICATION_KIND_CATALOG_REVIEW,
              absl::StrCat("submitted for formal review (submission ",
                           p.catalog_entry_submitted().submission(), ")")};
    case P::kCatalogEntryPublished:
      return {pb::NOTIFICATION_KIND_CATALOG_REVIEW,
              "passed the formal review and is published"};
    case P::kCatalogEntryReturned:
      return {pb::NOTIFICATION_KIND_CATALOG_REVIEW,
              absl::StrCat("returned with ",
                           p.catalog_entry_returned().defects_size(),
                           " defect(s) to correct")};
    case P::kCatalogEntryTakedownRequested:
      return {pb::NOTIFICATION_KIND_TAKEDOWN,
              "the provider applied for a takedown"};
    case P::kCatalogEntryTakedownApproved:
      if (p.catalog_entry_takedown_approved().notice_started()) {
        return {pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE,
                "takedown approved: the public notice started"};
      }
      return {pb::NOTIFICATION_KIND_TAKEDOWN,
              "takedown approved by the county: the city approves next"};
    case P::kCatalogEntryTakedownRefused:
      return {pb::NOTIFICATION_KIND_TAKEDOWN, "takedown refused"};
    case P::kCatalogEntryTakedownWithdrawn:
      return {pb::NOTIFICATION_KIND_TAKEDOWN, "takedown application withdrawn"};
    case P::kCatalogEntryTakenDown:
      return {pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE,
              "the public notice ended: the entry is taken down"};
    case P::kCatalogEntryOpenCopyDestroyed:
      return {pb::NOTIFICATION_KIND_TAKEDOWN,
              "destruction of the open copy ordered"};
    case P::kCatalogEntrySuspendedForQuality:
      return {pb::NOTIFICATION_KIND_QUALITY, "taken down for quality problems"};
    case P::kCatalogEntryRemediationReported:
      return {pb::NOTIFICATION_KIND_QUALITY, "remediation reported"};
    case P::kCatalogEntryRepublished:
      return {pb::NOTIFICATION_KIND_QUALITY,
              "remediation accepted: published again"};
    case P::kCatalogEntryQualityAssessed:
      return {pb::NOTIFICATION_KIND_QUALITY, "quality assessment recorded"};
    case P::kCatalogEntryChangeApplied:
      return {pb::NOTIFICATION_KIND_CONTENT_CHANGE,
              "content change applied for"};
    case P::kCatalogEntryChangeApproved:
      return {pb::NOTIFICATION_KIND_CONTENT_CHANGE, "content change approved"};
    case P::kCatalogEntryChangeRefused:
      return {pb::NOTIFICATION_KIND_CONTENT_CHANGE, "content change refused"};
    case P::kCatalogEntryMigrationRequested:
      return {
          pb::NOTIFICATION_KIND_MIGRATION,
          absl::StrCat("migration to ",
                       p.catalog_entry_migration_requested().to_organization(),
                       " requested: the receiver confirms")};
    case P::kCatalogEntryMigrationConfirmed:
      return {pb::NOTIFICATION_KIND_MIGRATION,
              "migration confirmed by the receiver: a reviewer approves next"};
    case P::kCatalogEntryMigrationDeclined:
      return {pb::NOTIFICATION_KIND_MIGRATION,
              "migration declined by the receiver"};
    case P::kCatalogEntryMigrationApproved:
      return {
          pb::NOTIFICATION_KIND_MIGRATION,
          absl::StrCat("migration approved: now owned by ",
                       p.catalog_entry_migration_approved().to_organization())};
    case P::kCatalogEntryMigrationRefused:
      return {pb::NOTIFICATION_KIND_MIGRATION, "migration refused"};
    case P::kCatalogEntryIndustryApplied:
      return {pb::NOTIFICATION_KIND_INDUSTRY_ENTRY,
              "industry data entry applied for"};
    case P::kCatalogEntryIndustryApproved:
      return {pb::NOTIFICATION_KIND_INDUSTRY_ENTRY,
              "industry application approved: the entry is a draft"};
    case P::kCatalogEntryIndustryRefused:
      return {pb::NOTIFICATION_KIND_INDUSTRY_ENTRY,
              "industry application refused"};
    case P::kCatalogEntryIndustryReturned:
      return {pb::NOTIFICATION_KIND_INDUSTRY_ENTRY,
              "industry application returned for correction"};
    case P::kCatalogEntryReleaseRecorded:
      return {pb::NOTIFICATION_KIND_RELEASE, "release recorded"};
    default:
      return DescribeObjection(p);
  }
}

// Family and summary of application events.
Description DescribeApplication(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  switch (p.event_case()) {
    case P::kApplicationSubmitted:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "submitted: formal review due"};
    case P::kApplicationFormalReviewPassed:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "passed the formal review: the provider reviews next"};
    case P::kApplicationFormalReviewFailed:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "failed the formal review"};
    case P::kApplicationApproved:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "approved by the provider: the agreement awaits signatures"};
    case P::kApplicationRefused:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "refused by the provider"};
    case P::kApplicationWithdrawn:
      return {pb::NOTIFICATION_KIND_APPLICATION_REVIEW,
              "withdrawn by the applicant"};
    case P::kAgreementSigned:
      return {pb::NOTIFICATION_KIND_AGREEMENT,
              p.agreement_signed().party() == pb::ROLE_USER
                  ? "agreement signed by the applicant"
                  : "agreement signed by the provider"};
    case P::kAccessGranted:
      return {pb::NOTIFICATION_KIND_GRANT, "access granted"};
    case P::kAccessLapsed:
      return {pb::NOTIFICATION_KIND_GRANT, "access lapsed at the end of use"};
    case P::kAccessRevoked:
      return {pb::NOTIFICATION_KIND_GRANT, "access revoked"};
    case P::kRenewalApplied:
      return {pb::NOTIFICATION_KIND_GRANT, "renewal applied for"};
    case P::kRenewalApproved:
      return {pb::NOTIFICATION_KIND_GRANT, "renewal approved"};
    case P::kRenewalRefused:
      return {pb::NOTIFICATION_KIND_GRANT, "renewal refused"};
    case P::kUsageReportFiled:
      return {pb::NOTIFICATION_KIND_USE_REPORT, "usage report filed"};
    case P::kResultReportFiled:
      return {pb::NOTIFICATION_KIND_USE_REPORT, "result report filed"};
    case P::kDestructionAttested:
      return {pb::NOTIFICATION_KIND_USE_REPORT, "destruction attested"};
    default:
      return {};
  }
}

// Family and summary of plan events.
Description DescribePlan(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  switch (p.event_case()) {
    case P::kAnnualPlanSubmitted:
      return {pb::NOTIFICATION_KIND_PLAN,
              absl::StrCat("submitted (submission ",
                           p.annual_plan_submitted().submission(), ")")};
    case P::kAnnualPlanApproved:
      return {pb::NOTIFICATION_KIND_PLAN, "approved"};
    case P::kAnnualPlanReturned:
      return {pb::NOTIFICATION_KIND_PLAN, "returned for correction"};
    case P::kCityPlanPublished:
      return {pb::NOTIFICATION_KIND_PLAN,
              absl::StrCat("published (revision ",
                           p.city_plan_published().revision(), ")")};
    default:
      return {};
  }
}

// Family and summary of data product events.
Description DescribeProduct(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  switch (p.event_case()) {
    case P::kProductSubmitted:
      return {pb::NOTIFICATION_KIND_DATA_PRODUCT, "submitted for screening"};
    case P::kProductRevised:
      return {pb::NOTIFICATION_KIND_DATA_PRODUCT,
              "revised and submitted again for screening"};
    case P::kProductWithdrawn:
      return {pb::NOTIFICATION_KIND_DATA_PRODUCT, "withdrawn by the publisher"};
    case P::kProductScreened:
      switch (p.product_screened().outcome()) {
        case pb::SCREENING_OUTCOME_LIST:
          return {pb::NOTIFICATION_KIND_DATA_PRODUCT,
                  "screened and listed publicly"};
        case pb::SCREENING_OUTCOME_RETURN:
          return {pb::NOTIFICATION_KIND_DATA_PRODUCT,
                  "returned by the screening reviewer for revision"};
        default:
          return {pb::NOTIFICATION_KIND_DATA_PRODUCT,
                  "rejected by the screening reviewer"};
      }
    case P::kProductDelisted:
      return {pb::NOTIFICATION_KIND_DATA_PRODUCT,
              "taken off the public list by a reviewer"};
    default:
      return {};
  }
}

// Family and summary of unopened-data demand events.
Description DescribeDemand(const pb::EventPayload& p) {
  using P = pb::EventPayload;
  const pb::NotificationKind k = pb::NOTIFICATION_KIND_DEMAND;
  switch (p.event_case()) {
    case P::kDemandSubmitted:
      return {k, "submitted: formal review due within 5 working days"};
    case P::kDemandFormalReviewPassed:
      return {k, "passed the formal review: the city reviewer forwards it"};
    case P::kDemandFormalReviewFailed:
      return {k, "failed the formal review"};
    case P::kDemandWithdrawn:
      return {k, "withdrawn by the requester"};
    case P::kDemandForwarded:
      return {k,
              "forwarded to the provider: answer due within 10 working days"};
    case P::kDemandAnsweredOpenable:
      return {k,
              "answered openable: the data is opened within 20 working days"};
    case P::kDemandAnsweredNotOpenable:
      return {k, "answered not openable, with reasons"};
    case P::kDemandEntryLinked:
      return {k, "fulfilled: the published catalog entry is linked"};
    default:
      return {};
  }
}

// What the stream id names, as "<thing> <id>".
std::string StreamTitle(const pb::Notification& n) {
  if (!n.catalog_entry_id().empty() && n.application_id().empty()) {
    return absl::StrCat("Catalog entry ", n.catalog_entry_id());
  }
  if (!n.application_id().empty()) {
    return absl::StrCat("Application ", n.application_id());
  }
  if (!n.plan_organization().empty()) {
    return absl::StrCat("Annual plan ", n.plan_year(), " of ",
                        n.plan_organization());
  }
  if (!n.demand_id().empty()) return absl::StrCat("Demand ", n.demand_id());
  if (!n.product_id().empty()) {
    return absl::StrCat("Data product ", n.product_id());
  }
  if (n.plan_year() > 0) return absl::StrCat("City plan ", n.plan_year());
  return absl::StrCat("Stream ", n.stream_id());
}

// Sets the ids the stream id names.
void SetStreamIds(const std::string& stream, pb::Notification& n) {
  if (absl::StartsWith(stream, kCatalogStreamPrefix)) {
    n.set_catalog_entry_id(stream.substr(sizeof(kCatalogStreamPrefix) - 1));
  } else if (absl::StartsWith(stream, kApplicationStreamPrefix)) {
    n.set_application_id(stream.substr(sizeof(kApplicationStreamPrefix) - 1));
  } else if (absl::StartsWith(stream, kDemandStreamPrefix)) {
    n.set_demand_id(stream.substr(sizeof(kDemandStreamPrefix) - 1));
  } else if (absl::StartsWith(stream, kProductStreamPrefix)) {
    n.set_product_id(stream.substr(sizeof(kProductStreamPrefix) - 1));
  } else if (absl::StartsWith(stream, kCityPlanStreamPrefix) ||
             absl::StartsWith(stream, kPlanStreamPrefix)) {
    const std::vector<std::string> parts = absl::StrSplit(stream, '/');
    int year = 0;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &year)) {
      n.set_plan_year(year);
    }
    if (absl::StartsWith(stream, kPlanStreamPrefix) && parts.size() >= 3) {
      n.set_plan_organization(parts[2]);
    }
  }
}

}  // namespace

pb::Notification RenderNotification(const pb::EventEnvelope& event,
                                    const pb::CatalogEntry* entry) {
  pb::Notification n;
  n.set_position(event.sequence());
  *n.mutable_time() = event.occurred_at();
  n.set_event_type(event.event_type());
  n.set_stream_id(event.stream_id());
  SetStreamIds(event.stream_id(), n);
  const pb::EventPayload& p = event.payload();
  if (p.has_application_submitted()) {
    n.set_catalog_entry_id(
        p.application_submitted().entry().catalog_entry_id());
  }
  if (p.has_access_granted()) {
    n.set_catalog_entry_id(p.access_granted().grant().catalog_entry_id());
  }
  Description d = DescribeCatalog(p);
  if (d.kind == pb::NOTIFICATION_KIND_UNSPECIFIED) d = DescribeApplication(p);
  if (d.kind == pb::NOTIFICATION_KIND_UNSPECIFIED) d = DescribePlan(p);
  if (d.kind == pb::NOTIFICATION_KIND_UNSPECIFIED) d = DescribeProduct(p);
  if (d.kind == pb::NOTIFICATION_KIND_UNSPECIFIED) d = DescribeDemand(p);
  if (p.has_deadline_overdue()) {
    n.set_deadline_id(p.deadline_overdue().deadline_id());
    d = {pb::NOTIFICATION_KIND_DEADLINE_OVERDUE,
         absl::StrCat("deadline ", n.deadline_id(), " is overdue")};
  }
  if (p.has_deadline_revised()) {
    n.set_deadline_id(p.deadline_revised().deadline_id());
    d = {pb::NOTIFICATION_KIND_DEADLINE_REVISED,
         absl::StrCat("deadline ", n.deadline_id(),
                      " was moved by a calendar change")};
  }
  n.set_kind(d.kind);
  n.set_summary(absl::StrCat(StreamTitle(n), ": ", d.text));
  if (p.has_catalog_entry_takedown_approved()) {
    const auto& e = p.catalog_entry_takedown_approved();
    n.set_takedown(e.takedown());
    if (e.notice_started()) {
      *n.mutable_notice_start_time() = event.occurred_at();
      *n.mutable_notice_end_time() = e.notice_end_time();
      n.set_notice_provisional(e.notice_provisional());
    }
  }
  if (p.has_catalog_entry_taken_down()) {
    n.set_takedown(p.catalog_entry_taken_down().takedown());
    *n.mutable_notice_end_time() =
        p.catalog_entry_taken_down().notice_end_time();
  }
  if (p.has_catalog_entry_takedown_requested()) {
    n.set_takedown(p.catalog_entry_takedown_requested().takedown());
  }
  if (p.has_catalog_entry_takedown_refused()) {
    n.set_takedown(p.catalog_entry_takedown_refused().takedown());
  }
  if (p.has_catalog_entry_takedown_withdrawn()) {
    n.set_takedown(p.catalog_entry_takedown_withdrawn().takedown());
  }
  if (entry != nullptr) {
    n.set_catalog_entry_name(entry->content().name());
    const pb::Takedown& t = entry->current_takedown();
    if (n.takedown() > 0 && t.number() == n.takedown()) {
      n.set_reasons(t.reasons());
      if (p.has_catalog_entry_taken_down()) {
        *n.mutable_notice_start_time() = t.notice_start_time();
        n.set_notice_provisional(t.notice_provisional());
      }
    }
  }
  return n;
}

}  // namespace opendata
