// Implementation of catalog_samples.h.
#include "tests/services/catalog_samples.h"

namespace opendata::testing {

namespace pb = ::jining::opendata::v1;

namespace {

// Everything but the open attribute and its conditions / legal basis.
pb::CatalogEntryContent BaseContent(const std::string& name) {
  pb::CatalogEntryContent c;
  c.set_name(name);
  c.set_description("全市机动车登记的车辆类型、使用性质与登记日期");
  c.set_source_department("交警支队车管所");
  c.set_domain("交通出行");
  c.set_data_format("CSV");
  c.mutable_coverage()->set_region_scope("济宁市全市");
  c.mutable_coverage()->set_time_start("2020-01-01");
  c.set_update_frequency(pb::UPDATE_FREQUENCY_MONTHLY);
  c.add_service_modes(pb::SERVICE_MODE_API);
  auto* plate = c.add_data_dictionary();
  plate->set_name("plate_no");
  plate->set_type(pb::FIELD_TYPE_STRING);
  plate->set_description("号牌号码");
  plate->set_sensitive(true);
  auto* type = c.add_data_dictionary();
  type->set_name("vehicle_type");
  type->set_type(pb::FIELD_TYPE_STRING);
  type->set_description("车辆类型");
  auto* date = c.add_data_dictionary();
  date->set_name("register_date");
  date->set_type(pb::FIELD_TYPE_DATE);
  date->set_description("登记日期");
  auto* rule = c.add_desensitisation_rules();
  rule->set_field_name("plate_no");
  rule->set_method(pb::DESENSITISATION_METHOD_MASK);
  rule->set_parameter("2-1");
  auto* review = c.mutable_security_review();
  review->set_reviewed_by("市公安局网安支队");
  review->set_review_date("2026-01-20");
  review->set_conclusion("脱敏后风险可控");
  review->set_passed(true);
  return c;
}

}  // namespace

pb::CatalogEntryContent ConditionalWithoutCondition(const std::string& name) {
  pb::CatalogEntryContent c = BaseContent(name);
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_CONDITIONAL);
  return c;
}

pb::CatalogEntryContent ConditionalContent(const std::string& name) {
  pb::CatalogEntryContent c = ConditionalWithoutCondition(name);
  auto* condition = c.add_conditions();
  condition->set_kind(pb::CONDITION_KIND_APPLICATION_SCENARIO);
  condition->set_description("说明具体应用场景并仅用于该场景");
  return c;
}

pb::CatalogEntryContent UnconditionalContent(const std::string& name) {
  pb::CatalogEntryContent c = BaseContent(name);
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  return c;
}

pb::CatalogEntryContent NotOpenContent(const std::string& name) {
  pb::CatalogEntryContent c = BaseContent(name);
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  c.set_legal_basis("《中华人民共和国监狱法》第二十条");
  return c;
}

}  // namespace opendata::testing
