// Region table. Districts and counties use their GB/T 2260 codes; the three
// functional zones have no GB/T 2260 code of their own, so the platform assigns
// 370890-370892 (documented in docs/architecture.md).
#include "engine/regions.h"

#include <array>
#include <utility>

namespace opendata {
namespace {

constexpr std::array<std::pair<absl::string_view, absl::string_view>, 14>
    kCounties = {{
        {"370811", "任城区"},
        {"370812", "兖州区"},
        {"370826", "微山县"},
        {"370827", "鱼台县"},
        {"370828", "金乡县"},
        {"370829", "嘉祥县"},
        {"370830", "汶上县"},
        {"370831", "泗水县"},
        {"370832", "梁山县"},
        {"370881", "曲阜市"},
        {"370883", "邹城市"},
        {"370890", "济宁高新区"},
        {"370891", "太白湖新区"},
        {"370892", "济宁经济技术开发区"},
    }};

}  // namespace

bool IsCountyRegion(absl::string_view code) {
  for (const auto& [c, name] : kCounties) {
    if (c == code) return true;
  }
  return false;
}

bool IsKnownRegion(absl::string_view code) {
  return code == kCityRegion || IsCountyRegion(code);
}

std::string RegionName(absl::string_view code) {
  if (code == kCityRegion) return "济宁市";
  for (const auto& [c, name] : kCounties) {
    if (c == code) return std::string(name);
  }
  return "";
}

}  // namespace opendata
