// Helpers of the data product tests (Art. 20): entry facts, open-list
// intervals and grants as the pipeline reads them, product contents and
// commands, and a fixture that decides product commands and folds what they
// record. Header-only; not thread-safe.
#ifndef OPENDATA_TESTS_ENGINE_PRODUCT_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_PRODUCT_SUPPORT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/products/product_decider.h"
#include "engine/products/product_state.h"
#include "tests/engine/application_support.h"

namespace opendata::engine_test {

inline constexpr char kProductId[] = "prod-clinic-map";

// Facts of a published entry of `region`.
inline pb::EntryFacts ProductEntryFacts(const std::string& entry,
                                        const std::string& region = "370811") {
  pb::EntryFacts f;
  f.set_catalog_entry_id(entry);
  f.set_name("名称-" + entry);
  f.set_provider_organization("org-" + entry);
  f.set_region(region);
  f.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
  return f;
}

// An open-list interval [from, to) (no `to`: current) with `attribute`.
inline pb::OpenListInterval ListInterval(
    absl::Time from, std::optional<absl::Time> to = std::nullopt,
    pb::OpenAttribute attribute = pb::OPEN_ATTRIBUTE_UNCONDITIONAL) {
  pb::OpenListInterval i;
  i.set_number(1);
  i.mutable_row()->set_open_attribute(attribute);
  *i.mutable_from_time() = ToProto(from);
  if (to.has_value()) *i.mutable_to_time() = ToProto(*to);
  return i;
}

// A grant of the publisher for [start, end] in `state` (closed at `close`).
inline pb::AccessGrant ProductGrant(
    pb::GrantState state, absl::Time start, absl::Time end,
    std::optional<absl::Time> close = std::nullopt) {
  pb::AccessGrant g;
  g.set_application_id(kAppId);
  g.set_user_subject("u-zhang");
  g.set_state(state);
  *g.mutable_start_time() = ToProto(start);
  *g.mutable_end_time() = ToProto(end);
  if (close.has_value()) *g.mutable_close_time() = ToProto(*close);
  return g;
}

// Evidence for an entry of `region` with the given intervals and grants.
inline CitationEvidence Evidence(const std::string& entry,
                                 std::vector<pb::OpenListInterval> intervals,
                                 std::vector<pb::AccessGrant> grants = {},
                                 const std::string& region = "370811") {
  CitationEvidence e;
  e.entry = ProductEntryFacts(entry, region);
  e.intervals = std::move(intervals);
  e.grants = std::move(grants);
  return e;
}

// A valid content citing `citations` (entry, acquisition date).
inline pb::ProductContent ProductContentCiting(
    const std::vector<std::pair<std::string, std::string>>& citations,
    pb::ProductForm form = pb::PRODUCT_FORM_APP,
    const std::string& name = "诊所地图") {
  pb::ProductContent c;
  c.set_name(name);
  c.set_description("基于开放数据的社区诊所地图");
  c.set_form(form);
  c.set_reference("https://example.org/clinic-map");
  c.set_declaration_accepted(true);
  for (const auto& [entry, date] : citations) {
    auto* cite = c.add_citations();
    cite->set_catalog_entry_id(entry);
    cite->set_acquisition_date(date);
  }
  return c;
}

inline pb::Command SubmitProductCommand(const pb::ProductContent& content,
                                        const std::string& id = kProductId) {
  pb::Command c;
  c.mutable_submit_product()->set_product_id(id);
  *c.mutable_submit_product()->mutable_content() = content;
  return c;
}

inline pb::Command ReviseProductCommand(const pb::ProductContent& content,
                                        const std::string& id = kProductId) {
  pb::Command c;
  c.mutable_revise_product()->set_product_id(id);
  *c.mutable_revise_product()->mutable_content() = content;
  return c;
}

inline pb::Command ScreenProductCommand(pb::ScreeningOutcome outcome,
                                        std::vector<std::string> reasons = {},
                                        const std::string& id = kProductId) {
  pb::Command c;
  auto* s = c.mutable_screen_product();
  s->set_product_id(id);
  s->set_outcome(outcome);
  for (std::string& r : reasons) s->add_reasons(std::move(r));
  return c;
}

inline pb::Command DelistProductCommand(std::vector<std::string> reasons,
                                        const std::string& id = kProductId) {
  pb::Command c;
  c.mutable_delist_product()->set_product_id(id);
  for (std::string& r : reasons) c.mutable_delist_product()->add_reasons(r);
  return c;
}

inline pb::Command WithdrawProductCommand(const std::string& id = kProductId) {
  pb::Command c;
  c.mutable_withdraw_product()->set_product_id(id);
  return c;
}

inline pb::Command UnlistProductCommand(const std::string& id = kProductId) {
  pb::Command c;
  c.mutable_unlist_product()->set_product_id(id);
  return c;
}

// Decides product commands against a folded state; Apply folds what a
// successful decision records, as the pipeline would.
class ProductFixture {
 public:
  absl::StatusOr<std::vector<pb::EventPayload>> Decide(
      const pb::Command& command, const pb::Actor& actor, absl::Time now,
      const std::vector<CitationEvidence>& evidence = {}) {
    return DecideProduct(state_, command, Context(actor, now), evidence);
  }

  // Decides, requires success, and folds the events.
  std::vector<pb::EventPayload> Apply(
      const pb::Command& command, const pb::Actor& actor, absl::Time now,
      const std::vector<CitationEvidence>& evidence = {}) {
    absl::StatusOr<std::vector<pb::EventPayload>> events =
        Decide(command, actor, now, evidence);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    for (const pb::EventPayload& payload : *events) {
      pb::EventEnvelope envelope;
      envelope.set_stream_id(ProductStream(kProductId));
      envelope.set_stream_version(state_.version + 1);
      *envelope.mutable_actor() = actor;
      *envelope.mutable_occurred_at() = ToProto(now);
      *envelope.mutable_payload() = payload;
      Evolve(state_, envelope);
    }
    return *events;
  }

  const pb::Product& product() const { return state_.product; }

 private:
  ProductAggregate state_;
};

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_PRODUCT_SUPPORT_H_
