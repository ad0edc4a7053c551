// Implementation of credit_registry.h, and the credit registry RPCs of
// AdminService (declared in admin_service.h): translation only, the rules
// (operators only, validation) are in the engine's DecideCreditRegistry.
#include "services/credit_registry.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/applications/application_state.h"
#include "engine/authz.h"
#include "engine/projections/application_projection.h"
#include "services/admin_service.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::vector<std::string> CreditParties(const pb::Actor& actor) {
  std::vector<std::string> parties{actor.subject()};
  if (actor.person_kind() == pb::PERSON_KIND_LEGAL &&
      !actor.organization().empty()) {
    parties.push_back(actor.organization());
  }
  return parties;
}

absl::StatusOr<pb::CreditListing> LocalCreditRegistry::Listing(
    const std::string& party) const {
  pb::CreditListing listing;
  listing.set_party_id(party);
  const std::string key = CreditListingRowKey(KeyPart(party));
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (row.has_value() && !listing.ParseFromString(*row)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     absl::StrCat("projection row ", key, " does not parse"),
                     {{"key", key}});
  }
  return listing;
}

absl::StatusOr<pb::CreditCheck> LocalCreditRegistry::Check(
    const std::vector<std::string>& parties, absl::Time now) const {
  pb::CreditCheck check;
  check.set_source(kSource);
  *check.mutable_check_time() = ToProto(now);
  for (const std::string& party : parties) {
    check.add_parties(party);
    ASSIGN_OR_RETURN(pb::CreditListing listing, Listing(party));
    if (listing.listed() && !check.listed()) {
      check.set_listed(true);
      check.set_list(listing.list());
      check.set_listed_party(party);
    }
  }
  return check;
}

namespace {

// The listing after a command, as the registry now holds it.
template <typename Response>
absl::Status RunCreditCommand(const ServiceRuntime& runtime, EventStore* store,
                              const pb::Actor& actor,
                              const pb::Command& command,
                              const std::string& request_id,
                              const std::string& party, Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(*response->mutable_listing(),
                   LocalCreditRegistry(store).Listing(party));
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

}  // namespace

grpc::Status AdminServiceImpl::SetCreditListing(
    grpc::ServerContext* context, const pb::SetCreditListingRequest* request,
    pb::SetCreditListingResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    auto* c = command.mutable_set_credit_listing();
    c->set_party_id(request->party_id());
    c->set_list(request->list());
    c->set_source(request->source());
    c->set_note(request->note());
    return RunCreditCommand(*runtime_, store_, actor, command,
                            request->request_id(), request->party_id(),
                            response);
  });
}

grpc::Status AdminServiceImpl::ClearCreditListing(
    grpc::ServerContext* context, const pb::ClearCreditListingRequest* request,
    pb::ClearCreditListingResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    auto* c = command.mutable_clear_credit_listing();
    c->set_party_id(request->party_id());
    c->set_note(request->note());
    return RunCreditCommand(*runtime_, store_, actor, command,
                            request->request_id(), request->party_id(),
                            response);
  });
}

grpc::Status AdminServiceImpl::GetCreditListing(
    grpc::ServerContext* context, const pb::GetCreditListingRequest* request,
    pb::GetCreditListingResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    if (!IsOverseer(actor)) {
      return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                       "credit listings are read by operators and auditors");
    }
    RETURN_IF_ERROR(ValidatePartyId(request->party_id(), "party_id"));
    ASSIGN_OR_RETURN(*response->mutable_listing(),
                     LocalCreditRegistry(store_).Listing(request->party_id()));
    return absl::OkStatus();
  });
}

}  // namespace opendata
