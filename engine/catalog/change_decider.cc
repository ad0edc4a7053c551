// Implementation of change_decider.h.
#include "engine/catalog/change_decider.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/decider_common.h"
#include "engine/catalog/release_decider.h"
#include "engine/regions.h"

namespace opendata {
namespace {

// ------------------------------------------------------------ validation

void CheckText(const std::string& text, size_t max, const std::string& field,
               std::vector<FieldViolation>& v) {
  if (text.empty() || Utf8Length(text) > max) {
    v.push_back({field, absl::StrCat("1-", max, " characters")});
  }
}

bool IsSha256Hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CheckBasis(const pb::BasisDocument& d, const std::string& at,
                std::vector<FieldViolation>& v) {
  CheckText(d.title(), 200, at + ".title", v);
  CheckText(d.reference(), 100, at + ".reference", v);
  CheckText(d.issuer(), 100, at + ".issuer", v);
  if (!IsIsoDate(d.issue_date()))
    v.push_back({at + ".issue_date", "an ISO date YYYY-MM-DD"});
  if (!d.sha256().empty() && !IsSha256Hex(d.sha256()))
    v.push_back({at + ".sha256", "64 lowercase hex digits, or empty"});
}

void CheckEvidence(const pb::OpeningEvidence& e, const std::string& at,
                   std::vector<FieldViolation>& v) {
  if (e.kind() == pb::OPENING_EVIDENCE_KIND_UNSPECIFIED ||
      !pb::OpeningEvidenceKind_IsValid(e.kind())) {
    v.push_back({at + ".kind", "required"});
  }
  CheckText(e.description(), 1000, at + ".description", v);
  if (e.document_references_size() == 0 ||
      e.document_references_size() > kMaxChangeDocuments) {
    v.push_back({at + ".document_references",
                 absl::StrCat("1-", kMaxChangeDocuments, " references")});
  }
  for (int i = 0; i < e.document_references_size(); ++i) {
    CheckText(e.document_references(i), 200,
              absl::StrCat(at, ".document_references[", i, "]"), v);
  }
}

absl::Status ValidateApplication(const pb::ApplyForContentChange& c) {
  std::vector<FieldViolation> v;
  CheckText(c.reasons(), 1000, "reasons", v);
  if (c.basis_documents_size() > kMaxChangeDocuments)
    v.push_back(
        {"basis_documents", absl::StrCat("at most ", kMaxChangeDocuments)});
  for (int i = 0; i < c.basis_documents_size(); ++i) {
    CheckBasis(c.basis_documents(i), absl::StrCat("basis_documents[", i, "]"),
               v);
  }
  if (c.opening_evidence_size() > kMaxChangeDocuments)
    v.push_back(
        {"opening_evidence", absl::StrCat("at most ", kMaxChangeDocuments)});
  for (int i = 0; i < c.opening_evidence_size(); ++i) {
    CheckEvidence(c.opening_evidence(i),
                  absl::StrCat("opening_evidence[", i, "]"), v);
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("CHANGE_INVALID", std::move(v));
}

// How open an attribute is: NOT_OPEN 0 < CONDITIONAL 1 < UNCONDITIONAL 2.
int Openness(pb::OpenAttribute a) {
  switch (a) {
    case pb::OPEN_ATTRIBUTE_UNCONDITIONAL:
      return 2;
    case pb::OPEN_ATTRIBUTE_CONDITIONAL:
      return 1;
    default:
      return 0;
  }
}

absl::Status Missing(absl::string_view rule, absl::string_view subject,
                     absl::string_view what) {
  return FailedPrecondition(
      rule, what,
      {{std::string(rule), std::string(subject), std::string(what)}});
}

absl::Status NotPublished(const CatalogEntryState& s, absl::string_view what) {
  return WrongState(s, "CATALOG_ENTRY_NOT_PUBLISHED", what);
}

// ------------------------------------------------------------ content change

absl::StatusOr<Events> ApplyCmd(const CatalogEntryState& s,
                                const pb::ApplyForContentChange& c,
                                const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateContentFormat(c.content(), "content"));
  RETURN_IF_ERROR(ValidateApplication(c));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return NotPublished(s, "only a published entry can be changed this way");
  }
  if (s.change.state() == pb::CHANGE_APPLICATION_STATE_PENDING) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "CONTENT_CHANGE_ALREADY_PENDING",
        absl::StrCat("content change ", s.change.number(), " is still pending"),
        {{"change", absl::StrCat(s.change.number())}});
  }
  RETURN_IF_ERROR(CheckSubmittable(c.content()));
  std::vector<std::string> changed =
      ChangedContentFields(s.content, c.content());
  if (changed.empty()) {
    return Missing("CONTENT_CHANGE_EMPTY", "content",
                   "the proposed content is the current content");
  }
  const pb::OpenAttribute old_attr = s.content.open_attribute();
  const pb::OpenAttribute new_attr = c.content().open_attribute();
  const pb::ContentChangeKind kind = ClassifyChange(old_attr, new_attr);
  if (kind == pb::CONTENT_CHANGE_KIND_RESTRICTION &&
      c.basis_documents_size() == 0) {
    return Missing("ART9_BASIS_REQUIRED", "basis_documents",
                   "making data less open needs the changed law or duties "
                   "with at least one basis document (Art. 9)");
  }
  if (kind == pb::CONTENT_CHANGE_KIND_OPENING &&
      c.opening_evidence_size() == 0) {
    return Missing("ART9_OPENING_EVIDENCE_REQUIRED", "opening_evidence",
                   "opening NOT_OPEN data needs evidence of anonymisation, "
                   "de-identification or the right holders' consent (Art. 9)");
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_change_applied();
  e->set_change(s.change.number() + 1);
  e->set_kind(kind);
  e->set_old_attribute(old_attr);
  e->set_new_attribute(new_attr);
  *e->mutable_proposed_content() = c.content();
  for (auto& f : changed) e->add_changed_fields(std::move(f));
  e->set_reasons(c.reasons());
  *e->mutable_basis_documents() = c.basis_documents();
  *e->mutable_opening_evidence() = c.opening_evidence();
  return Events{p};
}

// The reviewer checks shared by approve and refuse of a content change.
absl::Status CheckChangeReviewer(const CatalogEntryState& s,
                                 const std::string& id,
                                 const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(id);
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.change.state() != pb::CHANGE_APPLICATION_STATE_PENDING) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "CONTENT_CHANGE_NOT_PENDING",
        "no content change of this entry waits for a decision",
        {{"change_state", pb::ChangeApplicationState_Name(s.change.state())}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> ApproveChangeCmd(const CatalogEntryState& s,
                                        const pb::ApproveContentChange& c,
                                        const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckChangeReviewer(s, c.catalog_entry_id(), ctx));
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return NotPublished(s, "the entry is no longer published; refuse instead");
  }
  const pb::CatalogEntryContent& proposed = s.change.proposed_content();
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_change_approved();
  e->set_change(s.change.number());
  e->set_old_attribute(s.content.open_attribute());
  e->set_new_attribute(proposed.open_attribute());
  for (auto& f : ChangedContentFields(s.content, proposed))
    e->add_changed_fields(std::move(f));
  *e->mutable_content() = proposed;
  return Events{p};
}

absl::StatusOr<Events> RefuseChangeCmd(const CatalogEntryState& s,
                                       const pb::RefuseContentChange& c,
                                       const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateReasons(c.reasons(), "reasons", "CHANGE_INVALID"));
  RETURN_IF_ERROR(CheckChangeReviewer(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_change_refused();
  e->set_change(s.change.number());
  e->set_reasons(c.reasons());
  return Events{p};
}

// ------------------------------------------------------------ migration

bool MigrationPending(const pb::Migration& m) {
  return m.state() == pb::CHANGE_APPLICATION_STATE_PENDING ||
         m.state() == pb::CHANGE_APPLICATION_STATE_CONFIRMED;
}

bool IsOrganizationCode(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

absl::Status ValidateMigration(const pb::RequestMigration& c) {
  std::vector<FieldViolation> v;
  if (!IsOrganizationCode(c.to_organization())) {
    v.push_back({"to_organization", "1-64 characters of [A-Za-z0-9._-]"});
  }
  if (c.to_level() == pb::LEVEL_CITY) {
    if (c.to_region() != kCityRegion)
      v.push_back({"to_region", "must be 3708 for level CITY"});
  } else if (c.to_level() == pb::LEVEL_COUNTY) {
    if (!IsCountyRegion(c.to_region()))
      v.push_back({"to_region", "must be a Jining county code for COUNTY"});
  } else {
    v.push_back({"to_level", "CITY or COUNTY"});
  }
  CheckText(c.reasons(), 1000, "reasons", v);
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("MIGRATION_INVALID", std::move(v));
}

absl::StatusOr<Events> RequestMigrationCmd(const CatalogEntryState& s,
                                           const pb::RequestMigration& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateMigration(c));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return NotPublished(s, "only a published entry can be migrated");
  }
  if (MigrationPending(s.migration)) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "MIGRATION_ALREADY_PENDING",
        absl::StrCat("migration ", s.migration.number(), " is still pending"),
        {{"migration", absl::StrCat(s.migration.number())}});
  }
  if (c.to_organization() == s.provider_organization) {
    return Missing("MIGRATION_SAME_ORGANIZATION", "to_organization",
                   "the receiving organisation already owns the entry");
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_migration_requested();
  e->set_migration(s.migration.number() + 1);
  e->set_to_organization(c.to_organization());
  e->set_to_level(c.to_level());
  e->set_to_region(c.to_region());
  e->set_reasons(c.reasons());
  return Events{p};
}

// Checks that the actor is a provider of the receiving organisation, as the
// owner declared it, and that the migration waits for its confirmation.
absl::Status CheckReceiver(const CatalogEntryState& s, const std::string& id,
                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  if (!s.exists()) return NotFound(id);
  if (s.migration.state() != pb::CHANGE_APPLICATION_STATE_PENDING) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "MIGRATION_NOT_AWAITING_CONFIRMATION",
                     "no migration of this entry waits for the receiver",
                     {{"migration_state",
                       pb::ChangeApplicationState_Name(s.migration.state())}});
  }
  if (ctx.actor.organization() != s.migration.to_organization()) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "NOT_MIGRATION_RECEIVER",
                     "only a provider of the receiving organisation may answer",
                     {{"to_organization", s.migration.to_organization()}});
  }
  if (ctx.actor.level() != s.migration.to_level() ||
      ctx.actor.region() != s.migration.to_region()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "MIGRATION_RECEIVER_MISMATCH",
        "the receiving organisation's level or region differs from the "
        "application; the owner must apply again",
        {{"to_region", s.migration.to_region()},
         {"actor_region", ctx.actor.region()}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> ConfirmMigrationCmd(const CatalogEntryState& s,
                                           const pb::ConfirmMigration& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckReceiver(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  p.mutable_catalog_entry_migration_confirmed()->set_migration(
      s.migration.number());
  return Events{p};
}

absl::StatusOr<Events> DeclineMigrationCmd(const CatalogEntryState& s,
                                           const pb::DeclineMigration& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateReasons(c.reasons(), "reasons", "MIGRATION_INVALID"));
  RETURN_IF_ERROR(CheckReceiver(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_migration_declined();
  e->set_migration(s.migration.number());
  e->set_reasons(c.reasons());
  return Events{p};
}

// The reviewer checks shared by approve and refuse of a migration: a
// reviewer with jurisdiction over the entry; the city reviewer when the
// receiver is in another region (ART13_CITY_APPROVAL_REQUIRED).
absl::Status CheckMigrationReviewer(const CatalogEntryState& s,
                                    const std::string& id,
                                    const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(id);
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (!MigrationPending(s.migration)) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "MIGRATION_NOT_PENDING",
                     "no migration of this entry waits for a decision",
                     {{"migration_state",
                       pb::ChangeApplicationState_Name(s.migration.state())}});
  }
  if (s.migration.to_region() != s.region &&
      ctx.actor.level() != pb::LEVEL_CITY) {
    return MakeError(
        absl::StatusCode::kPermissionDenied, "ART13_CITY_APPROVAL_REQUIRED",
        "a migration to another region is decided by the city "
        "reviewer",
        {{"region", s.region}, {"to_region", s.migration.to_region()}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> ApproveMigrationCmd(const CatalogEntryState& s,
                                           const pb::ApproveMigration& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckMigrationReviewer(s, c.catalog_entry_id(), ctx));
  if (s.migration.state() != pb::CHANGE_APPLICATION_STATE_CONFIRMED) {
    return Missing("ART13_RECEIVER_CONFIRMATION_REQUIRED", "migration",
                   "the receiving organisation has not confirmed (Art. 13)");
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_migration_approved();
  e->set_migration(s.migration.number());
  e->set_from_organization(s.provider_organization);
  e->set_from_level(s.level);
  e->set_from_region(s.region);
  e->set_to_organization(s.migration.to_organization());
  e->set_to_level(s.migration.to_level());
  e->set_to_region(s.migration.to_region());
  Events events{p};
  // The new owner (and the new region's reviewers) owe the upkeep clocks now.
  for (auto& handed : HandOverUpkeepClocks(s, s.migration.to_organization(),
                                           s.migration.to_region(), ctx.now)) {
    events.push_back(std::move(handed));
  }
  return events;
}

absl::StatusOr<Events> RefuseMigrationCmd(const CatalogEntryState& s,
                                          const pb::RefuseMigration& c,
                                          const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateReasons(c.reasons(), "reasons", "MIGRATION_INVALID"));
  RETURN_IF_ERROR(CheckMigrationReviewer(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_migration_refused();
  e->set_migration(s.migration.number());
  e->set_reasons(c.reasons());
  return Events{p};
}

}  // namespace

pb::ContentChangeKind ClassifyChange(pb::OpenAttribute old_attribute,
                                     pb::OpenAttribute new_attribute) {
  if (Openness(new_attribute) < Openness(old_attribute))
    return pb::CONTENT_CHANGE_KIND_RESTRICTION;
  if (old_attribute == pb::OPEN_ATTRIBUTE_NOT_OPEN &&
      new_attribute != pb::OPEN_ATTRIBUTE_NOT_OPEN) {
    return pb::CONTENT_CHANGE_KIND_OPENING;
  }
  return pb::CONTENT_CHANGE_KIND_ADJUSTMENT;
}

absl::StatusOr<Events> DecideChange(const CatalogEntryState& state,
                                    const pb::Command& command,
                                    const CommandContext& ctx) {
  switch (command.command_case()) {
    case pb::Command::kApplyForContentChange:
      return ApplyCmd(state, command.apply_for_content_change(), ctx);
    case pb::Command::kApproveContentChange:
      return ApproveChangeCmd(state, command.approve_content_change(), ctx);
    case pb::Command::kRefuseContentChange:
      return RefuseChangeCmd(state, command.refuse_content_change(), ctx);
    case pb::Command::kRequestMigration:
      return RequestMigrationCmd(state, command.request_migration(), ctx);
    case pb::Command::kConfirmMigration:
      return ConfirmMigrationCmd(state, command.confirm_migration(), ctx);
    case pb::Command::kDeclineMigration:
      return DeclineMigrationCmd(state, command.decline_migration(), ctx);
    case pb::Command::kApproveMigration:
      return ApproveMigrationCmd(state, command.approve_migration(), ctx);
    case pb::Command::kRefuseMigration:
      return RefuseMigrationCmd(state, command.refuse_migration(), ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a change command"}});
  }
}

}  // namespace opendata
