// The data product decider (Art. 20). Pure: everything from outside arrives
// in the state, the command, its context and, for SubmitProduct and
// ReviseProduct, the evidence the pipeline read for each citation (the entry's
// facts, its open-list intervals, the publisher's grants for it); the basis
// found for each citation is recorded in the event, so replay never re-reads.
// Safe from any thread.
//
// A product ("product/<id>", DecideProduct):
//   (none) --submit (real-name verified USER, every citation acquirable)-->
//     SUBMITTED, screening region recorded
//   SUBMITTED --screen LIST (reviewer)--> LISTED (public)
//   SUBMITTED --screen RETURN with reasons (reviewer)--> RETURNED
//   SUBMITTED --screen REJECT with reasons (reviewer)--> REJECTED (final)
//   RETURNED --revise (publisher; citations checked again)--> SUBMITTED
//   SUBMITTED / RETURNED --withdraw (publisher)--> WITHDRAWN (final)
//   LISTED --unlist (publisher)--> UNLISTED (final)
//   LISTED --delist with reasons (reviewer)--> DELISTED (final)
// The reviewer is the city reviewer or the reviewer of the screening region
// (a county when every cited entry is of that county). No clock: the rules
// set no screening period. Refusals: see docs/architecture.md "Data products
// (Art. 20)".
#ifndef OPENDATA_ENGINE_PRODUCTS_PRODUCT_DECIDER_H_
#define OPENDATA_ENGINE_PRODUCTS_PRODUCT_DECIDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/command_context.h"
#include "engine/products/product_rules.h"
#include "engine/products/product_state.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// True for the commands of product streams.
bool IsProductCommand(const jining::opendata::v1::Command& command);

// The product id a command names; "" for commands of other streams.
std::string ProductIdOf(const jining::opendata::v1::Command& command);

// The content whose citations the pipeline must read evidence for: that of
// SubmitProduct and ReviseProduct; nullptr for other commands.
const jining::opendata::v1::ProductContent* ContentToCheck(
    const jining::opendata::v1::Command& command);

// Decides the product commands. `evidence` has one element per citation of
// ContentToCheck(command) (ignored for other commands). An empty result
// changes nothing.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> DecideProduct(
    const ProductAggregate& state, const jining::opendata::v1::Command& command,
    const CommandContext& context,
    const std::vector<CitationEvidence>& evidence);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PRODUCTS_PRODUCT_DECIDER_H_
