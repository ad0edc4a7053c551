// The industry data entry decider (行业数据开放入口, Art. 10(3)): a legal
// person that is not a government unit (role USER with an organisation) applies
// with the entry's content and its declaration (institution kind, region,
// public funding); a reviewer with jurisdiction over the declared region
// approves, returns it for correction or, only if NOT publicly funded, refuses
// it. Pure; safe from any thread.
//
//   (none) / INDUSTRY_RETURNED --apply (the applicant)--> INDUSTRY_APPLIED
//   INDUSTRY_APPLIED --approve--> DRAFT owned by the applicant's organisation
//                                 (then the normal provider workflow)
//                    --return (reasons)--> INDUSTRY_RETURNED
//                    --refuse (reasons; not publicly funded)-->
//                    INDUSTRY_REFUSED
#ifndef OPENDATA_ENGINE_CATALOG_INDUSTRY_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_INDUSTRY_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog_state.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// Decides ApplyForIndustryEntry, ApproveIndustryEntry, RefuseIndustryEntry and
// ReturnIndustryEntry. Other commands: INVALID_ARGUMENT.
absl::StatusOr<std::vector<pb::EventPayload>> DecideIndustry(
    const CatalogEntryState& state, const pb::Command& command,
    const CommandContext& context);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_INDUSTRY_DECIDER_H_
