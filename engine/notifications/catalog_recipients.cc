// AddCatalogRecipients (recipient_rules.h): who each event of a catalog entry
// stream notifies. New work goes to the reviewers who review the entry (its
// region's, or the city's for CITY entries), decisions to the provider
// organisation, and a takedown notice to the users who applied for the entry
// (the approval's recorded notified_users). Pure.
#include "engine/notifications/recipient_rules.h"
#include "engine/notifications/recipients.h"
#include "engine/projections/catalog_projection.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

void AddUsers(const google::protobuf::RepeatedPtrField<std::string>& subjects,
              AddressSet& out) {
  for (const std::string& subject : subjects) out.insert(UserAddress(subject));
}

}  // namespace

void AddCatalogRecipients(const StreamView& view,
                          const pb::EventEnvelope& event, AddressSet& out) {
  const pb::CatalogEntry& entry = view.catalog;
  const std::string provider = OrgAddress(entry.provider_organization());
  const std::string reviewers =
      RegionAddress(ReviewRegion(entry.level(), entry.region()));
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    // New work for the reviewers.
    case pb::EventPayload::kCatalogEntrySubmitted:
    case pb::EventPayload::kCatalogEntryTakedownRequested:
    case pb::EventPayload::kCatalogEntryTakedownWithdrawn:
    case pb::EventPayload::kCatalogEntryRemediationReported:
    case pb::EventPayload::kCatalogEntryChangeApplied:
      out.insert(reviewers);
      break;
    // Decisions on the provider's entry.
    case pb::EventPayload::kCatalogEntryPublished:
    case pb::EventPayload::kCatalogEntryReturned:
    case pb::EventPayload::kCatalogEntryTakedownRefused:
    case pb::EventPayload::kCatalogEntrySuspendedForQuality:
    case pb::EventPayload::kCatalogEntryRepublished:
    case pb::EventPayload::kCatalogEntryChangeApproved:
    case pb::EventPayload::kCatalogEntryChangeRefused:
    case pb::EventPayload::kCatalogEntryOpenCopyDestroyed:
    case pb::EventPayload::kCatalogEntryReleaseRecorded:
    case pb::EventPayload::kCatalogEntryQualityAssessed:
      out.insert(provider);
      break;
    case pb::EventPayload::kCatalogEntryTakedownApproved: {
      const auto& e = p.catalog_entry_takedown_approved();
      out.insert(provider);
      if (e.notice_started()) {
        AddUsers(e.notified_users(), out);
      } else {
        // The county step is done: the city reviewers approve next.
        out.insert(RegionAddress(kCityRegion));
      }
      break;
    }
    case pb::EventPayload::kCatalogEntryTakenDown:
      out.insert(provider);
      AddUsers(entry.current_takedown().notified_users(), out);
      break;
    case pb::EventPayload::kCatalogEntryMigrationRequested:
      // The receiving organisation must confirm.
      out.insert(
          OrgAddress(p.catalog_entry_migration_requested().to_organization()));
      break;
    case pb::EventPayload::kCatalogEntryMigrationConfirmed: {
      // Owner informed; the reviewer who decides the migration approves next
      // (the city's when the entry changes region, Art. 13).
      const pb::Migration& m = entry.current_migration();
      out.insert(OrgAddress(m.from_organization()));
      out.insert(RegionAddress(
          MigrationDecisionRegion(entry.region(), m.to_region())));
      break;
    }
    case pb::EventPayload::kCatalogEntryMigrationDeclined:
      out.insert(OrgAddress(entry.current_migration().from_organization()));
      break;
    case pb::EventPayload::kCatalogEntryMigrationApproved: {
      const auto& e = p.catalog_entry_migration_approved();
      out.insert(OrgAddress(e.from_organization()));
      out.insert(OrgAddress(e.to_organization()));
      break;
    }
    case pb::EventPayload::kCatalogEntryMigrationRefused: {
      const pb::Migration& m = entry.current_migration();
      out.insert(OrgAddress(m.from_organization()));
      out.insert(OrgAddress(m.to_organization()));
      break;
    }
    case pb::EventPayload::kCatalogEntryIndustryApplied:
      out.insert(reviewers);
      break;
    case pb::EventPayload::kCatalogEntryIndustryApproved:
    case pb::EventPayload::kCatalogEntryIndustryRefused:
    case pb::EventPayload::kCatalogEntryIndustryReturned:
      out.insert(OrgAddress(entry.industry().applicant_organization()));
      break;
    default:
      break;
  }
}

}  // namespace opendata
