// The jurisdiction of the platform: Jining city and its districts, counties,
// county-level cities and functional zones, by region code. Immutable static
// data; safe from any thread.
#ifndef OPENDATA_ENGINE_REGIONS_H_
#define OPENDATA_ENGINE_REGIONS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opendata {

// Region code of Jining city.
inline constexpr absl::string_view kCityRegion = "3708";

// True for the city code or a county-level code of Jining.
bool IsKnownRegion(absl::string_view code);

// True for a county-level code (district, county, county-level city or
// functional zone).
bool IsCountyRegion(absl::string_view code);

// Chinese name of a known region ("" if unknown).
std::string RegionName(absl::string_view code);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_REGIONS_H_
