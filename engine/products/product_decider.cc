// Implementation of product_decider.h.
#include "engine/products/product_decider.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/deadlines/deadline_book.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Events = std::vector<pb::EventPayload>;

// The product id field of a product command; nullptr for others.
const std::string* ProductIdField(const pb::Command& c) {
  switch (c.command_case()) {
    case pb::Command::kSubmitProduct:
      return &c.submit_product().product_id();
    case pb::Command::kReviseProduct:
      return &c.revise_product().product_id();
    case pb::Command::kWithdrawProduct:
      return &c.withdraw_product().product_id();
    case pb::Command::kUnlistProduct:
      return &c.unlist_product().product_id();
    case pb::Command::kScreenProduct:
      return &c.screen_product().product_id();
    case pb::Command::kDelistProduct:
      return &c.delist_product().product_id();
    default:
      return nullptr;
  }
}

absl::Status RequireExists(const ProductAggregate& s,
                           const std::string& product_id) {
  if (s.exists()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kNotFound, "PRODUCT_NOT_FOUND",
                   absl::StrCat("no product ", product_id),
                   {{"product_id", product_id}});
}

// PERMISSION_DENIED unless the actor is the product's publisher.
absl::Status RequirePublisher(const ProductAggregate& s,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (ctx.actor.subject() == s.product.publisher_subject()) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_PUBLISHER",
                   "only the publisher may do this",
                   {{"product_id", s.product.product_id()}});
}

absl::Status WrongState(const ProductAggregate& s, absl::string_view reason,
                        absl::string_view message) {
  return FailedPrecondition(reason, message,
                            {{std::string(reason), "product",
                              pb::ProductState_Name(s.product.state())}});
}

// The publicly shown name of the publisher (see Product.publisher_name).
std::string PublisherName(const pb::Actor& actor) {
  if (!actor.display_name().empty()) return actor.display_name();
  if (!actor.organization().empty() &&
      actor.person_kind() == pb::PERSON_KIND_LEGAL) {
    return actor.organization();
  }
  return actor.subject();
}

// Validates `content` and finds the basis of each citation.
absl::StatusOr<std::vector<pb::CitationCheck>> CheckContent(
    const pb::ProductContent& content, const CommandContext& ctx,
    const std::vector<CitationEvidence>& evidence) {
  std::vector<FieldViolation> bad =
      ContentViolations(content, ShanghaiDay(ctx.now));
  if (!bad.empty()) return InvalidArgument("PRODUCT_INVALID", std::move(bad));
  return CheckCitations(content, evidence);
}

absl::StatusOr<Events> Submit(const ProductAggregate& s,
                              const pb::SubmitProduct& c,
                              const CommandContext& ctx,
                              const std::vector<CitationEvidence>& evidence) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (s.exists()) {
    return MakeError(absl::StatusCode::kAlreadyExists, "PRODUCT_EXISTS",
                     absl::StrCat("product ", c.product_id(), " exists"),
                     {{"product_id", c.product_id()}});
  }
  if (!ctx.actor.real_name_verified()) {
    return FailedPrecondition(
        "ART16_REAL_NAME_REQUIRED",
        "only real-name verified users may publish products (Art. 16, 20)",
        {{"ART16_REAL_NAME_REQUIRED", "actor",
          "verify the real name with the identity service"}});
  }
  ASSIGN_OR_RETURN(std::vector<pb::CitationCheck> checks,
                   CheckContent(c.content(), ctx, evidence));
  pb::EventPayload p;
  auto* e = p.mutable_product_submitted();
  e->set_product_id(c.product_id());
  *e->mutable_content() = c.content();
  e->set_screening_region(ScreeningRegion(checks));
  for (pb::CitationCheck& check : checks) {
    *e->add_citation_checks() = std::move(check);
  }
  e->set_publisher_name(PublisherName(ctx.actor));
  return Events{p};
}

absl::StatusOr<Events> Revise(const ProductAggregate& s,
                              const pb::ReviseProduct& c,
                              const CommandContext& ctx,
                              const std::vector<CitationEvidence>& evidence) {
  RETURN_IF_ERROR(RequireExists(s, c.product_id()));
  RETURN_IF_ERROR(RequirePublisher(s, ctx));
  if (s.product.state() != pb::PRODUCT_STATE_RETURNED) {
    return WrongState(s, "PRODUCT_NOT_RETURNED",
                      "only a returned product can be revised");
  }
  ASSIGN_OR_RETURN(std::vector<pb::CitationCheck> checks,
                   CheckContent(c.content(), ctx, evidence));
  pb::EventPayload p;
  auto* e = p.mutable_product_revised();
  e->set_product_id(c.product_id());
  *e->mutable_content() = c.content();
  e->set_screening_region(ScreeningRegion(checks));
  for (pb::CitationCheck& check : checks) {
    *e->add_citation_checks() = std::move(check);
  }
  return Events{p};
}

absl::StatusOr<Events> Withdraw(const ProductAggregate& s,
                                const std::string& id,
                                const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireExists(s, id));
  RETURN_IF_ERROR(RequirePublisher(s, ctx));
  const pb::ProductState state = s.product.state();
  if (state != pb::PRODUCT_STATE_SUBMITTED &&
      state != pb::PRODUCT_STATE_RETURNED) {
    return WrongState(s, "PRODUCT_NOT_PENDING",
                      "only a product not yet screened or returned can be "
                      "withdrawn");
  }
  pb::EventPayload p;
  p.mutable_product_withdrawn()->set_product_id(id);
  return Events{p};
}

absl::StatusOr<Events> Unlist(const ProductAggregate& s, const std::string& id,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireExists(s, id));
  RETURN_IF_ERROR(RequirePublisher(s, ctx));
  if (s.product.state() != pb::PRODUCT_STATE_LISTED) {
    return WrongState(s, "PRODUCT_NOT_LISTED", "the product is not listed");
  }
  pb::EventPayload p;
  p.mutable_product_unlisted()->set_product_id(id);
  return Events{p};
}

absl::StatusOr<Events> Screen(const ProductAggregate& s,
                              const pb::ScreenProduct& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireExists(s, c.product_id()));
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.product.screening_region()));
  switch (c.outcome()) {
    case pb::SCREENING_OUTCOME_LIST:
      if (!c.reasons().empty()) {
        return InvalidArgument("PRODUCT_INVALID",
                               {{"reasons", "a listing takes no reasons"}});
      }
      break;
    case pb::SCREENING_OUTCOME_RETURN:
    case pb::SCREENING_OUTCOME_REJECT:
      RETURN_IF_ERROR(CheckReasons(c.reasons()));
      break;
    default:
      return InvalidArgument("PRODUCT_INVALID",
                             {{"outcome", "LIST, RETURN or REJECT"}});
  }
  if (s.product.state() != pb::PRODUCT_STATE_SUBMITTED) {
    return WrongState(s, "PRODUCT_NOT_SUBMITTED",
                      "the product is not waiting for screening");
  }
  pb::EventPayload p;
  auto* e = p.mutable_product_screened();
  e->set_product_id(c.product_id());
  e->set_outcome(c.outcome());
  *e->mutable_reasons() = c.reasons();
  return Events{p};
}

absl::StatusOr<Events> Delist(const ProductAggregate& s,
                              const pb::DelistProduct& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireExists(s, c.product_id()));
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.product.screening_region()));
  RETURN_IF_ERROR(CheckReasons(c.reasons()));
  if (s.product.state() != pb::PRODUCT_STATE_LISTED) {
    return WrongState(s, "PRODUCT_NOT_LISTED", "the product is not listed");
  }
  pb::EventPayload p;
  auto* e = p.mutable_product_delisted();
  e->set_product_id(c.product_id());
  *e->mutable_reasons() = c.reasons();
  return Events{p};
}

}  // namespace

bool IsProductCommand(const pb::Command& command) {
  return ProductIdField(command) != nullptr;
}

std::string ProductIdOf(const pb::Command& command) {
  const std::string* id = ProductIdField(command);
  return id == nullptr ? "" : *id;
}

const pb::ProductContent* ContentToCheck(const pb::Command& command) {
  if (command.has_submit_product()) return &command.submit_product().content();
  if (command.has_revise_product()) return &command.revise_product().content();
  return nullptr;
}

absl::StatusOr<Events> DecideProduct(
    const ProductAggregate& state, const pb::Command& command,
    const CommandContext& context,
    const std::vector<CitationEvidence>& evidence) {
  RETURN_IF_ERROR(ValidateProductId(ProductIdOf(command), "product_id"));
  switch (command.command_case()) {
    case pb::Command::kSubmitProduct:
      return Submit(state, command.submit_product(), context, evidence);
    case pb::Command::kReviseProduct:
      return Revise(state, command.revise_product(), context, evidence);
    case pb::Command::kWithdrawProduct:
      return Withdraw(state, command.withdraw_product().product_id(), context);
    case pb::Command::kUnlistProduct:
      return Unlist(state, command.unlist_product().product_id(), context);
    case pb::Command::kScreenProduct:
      return Screen(state, command.screen_product(), context);
    case pb::Command::kDelistProduct:
      return Delist(state, command.delist_product(), context);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a product command"}});
  }
}

}  // namespace opendata
