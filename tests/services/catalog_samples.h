// Sample catalog entry contents for the service tests: complete contents that
// pass the submission rules for each open attribute (modelled on the README
// walk-through), and a CONDITIONAL one without its condition. Thread-safety:
// pure functions; safe from any thread.
#ifndef OPENDATA_TESTS_SERVICES_CATALOG_SAMPLES_H_
#define OPENDATA_TESTS_SERVICES_CATALOG_SAMPLES_H_

#include <string>

#include "jining/opendata/v1/catalog.pb.h"

namespace opendata::testing {

// A complete CONDITIONAL entry with one application-scenario condition, a
// sensitive field with its desensitisation rule and a passed security review.
// Submittable.
jining::opendata::v1::CatalogEntryContent ConditionalContent(
    const std::string& name = "机动车登记信息");

// ConditionalContent() without any condition: breaks ART7_CONDITION_REQUIRED
// only.
jining::opendata::v1::CatalogEntryContent ConditionalWithoutCondition(
    const std::string& name = "机动车登记信息");

// A complete UNCONDITIONAL entry. Submittable.
jining::opendata::v1::CatalogEntryContent UnconditionalContent(
    const std::string& name = "公交线路站点");

// A complete NOT_OPEN entry citing its legal basis. Submittable.
jining::opendata::v1::CatalogEntryContent NotOpenContent(
    const std::string& name = "在押人员信息");

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_CATALOG_SAMPLES_H_
