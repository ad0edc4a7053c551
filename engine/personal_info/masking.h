// Masked renderings of personal information for readers who may know that a
// value exists but not what it is (docs/architecture.md "Personal
// information"), and the marker shown for a value whose subject key was
// shredded. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_PERSONAL_INFO_MASKING_H_
#define OPENDATA_ENGINE_PERSONAL_INFO_MASKING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opendata {

// What every reader sees for a value whose subject key was shredded.
inline constexpr char kErasedMarker[] = "[erased]";

// "13812345678" -> "138****5678": the first 3 and last 4 characters of 11 or
// more; of a shorter number the first and last 2; stars in between.
std::string MaskPhone(absl::string_view phone);

// "370811199001011234" -> "3708**********1234": the first and last 4
// characters of more than 8; of a shorter one only the last 2.
std::string MaskIdNumber(absl::string_view id_number);

// "zhang@example.com" -> "z***@example.com": the first character of the
// local part and the domain. Without an "@", "***".
std::string MaskEmail(absl::string_view email);

// "济宁市任城区某路1号" -> "济宁市任城区***": the first 6 characters (half, if
// shorter than 12) and "***".
std::string MaskAddress(absl::string_view address);

// "张三" -> "张*": the first character and one star per further character.
std::string MaskName(absl::string_view name);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PERSONAL_INFO_MASKING_H_
