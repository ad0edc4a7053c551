// Implementation of product_state.h.
#include "engine/products/product_state.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string ProductStream(absl::string_view product_id) {
  return absl::StrCat(kProductStreamPrefix, product_id);
}

absl::Status ValidateProductId(absl::string_view id, absl::string_view field) {
  bool ok = id.size() >= 3 && id.size() <= 64 && absl::ascii_islower(id[0]);
  for (char c : id) {
    ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  }
  if (ok) return absl::OkStatus();
  return InvalidArgument(
      "PRODUCT_ID_INVALID",
      {{std::string(field),
        "3-64 characters of [a-z0-9-], starting with a letter"}});
}

namespace {

// Closes the product in `state` at the event's time.
void Close(pb::Product& product, pb::ProductState state,
           const pb::EventEnvelope& event) {
  product.set_state(state);
  *product.mutable_close_time() = event.occurred_at();
}

}  // namespace

void Evolve(ProductAggregate& state, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  pb::Product& product = state.product;
  switch (p.event_case()) {
    case pb::EventPayload::kProductSubmitted: {
      const auto& e = p.product_submitted();
      product.set_product_id(e.product_id());
      product.set_state(pb::PRODUCT_STATE_SUBMITTED);
      *product.mutable_content() = e.content();
      *product.mutable_citation_checks() = e.citation_checks();
      product.set_screening_region(e.screening_region());
      product.set_publisher_subject(event.actor().subject());
      product.set_publisher_person_kind(event.actor().person_kind());
      product.set_publisher_organization(event.actor().organization());
      product.set_publisher_name(e.publisher_name());
      *product.mutable_submit_time() = event.occurred_at();
      break;
    }
    case pb::EventPayload::kProductRevised: {
      const auto& e = p.product_revised();
      product.set_state(pb::PRODUCT_STATE_SUBMITTED);
      *product.mutable_content() = e.content();
      *product.mutable_citation_checks() = e.citation_checks();
      product.set_screening_region(e.screening_region());
      product.set_revisions(product.revisions() + 1);
      break;
    }
    case pb::EventPayload::kProductWithdrawn:
      Close(product, pb::PRODUCT_STATE_WITHDRAWN, event);
      break;
    case pb::EventPayload::kProductUnlisted:
      Close(product, pb::PRODUCT_STATE_UNLISTED, event);
      break;
    case pb::EventPayload::kProductScreened: {
      const auto& e = p.product_screened();
      product.set_reviewer_subject(event.actor().subject());
      *product.mutable_reasons() = e.reasons();
      if (e.outcome() == pb::SCREENING_OUTCOME_LIST) {
        product.set_state(pb::PRODUCT_STATE_LISTED);
        *product.mutable_list_time() = event.occurred_at();
      } else if (e.outcome() == pb::SCREENING_OUTCOME_RETURN) {
        product.set_state(pb::PRODUCT_STATE_RETURNED);
      } else {
        Close(product, pb::PRODUCT_STATE_REJECTED, event);
      }
      break;
    }
    case pb::EventPayload::kProductDelisted:
      product.set_reviewer_subject(event.actor().subject());
      *product.mutable_reasons() = p.product_delisted().reasons();
      Close(product, pb::PRODUCT_STATE_DELISTED, event);
      break;
    default:
      return;
  }
  state.version = event.stream_version();
  product.set_version(event.stream_version());
  *product.mutable_update_time() = event.occurred_at();
}

}  // namespace opendata
