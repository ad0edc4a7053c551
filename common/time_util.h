// Conversions between absl::Time and google.protobuf.Timestamp, and the
// platform's civil time zone. Stateless; safe from any thread.
#ifndef OPENDATA_COMMON_TIME_UTIL_H_
#define OPENDATA_COMMON_TIME_UTIL_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace opendata {

// Asia/Shanghai. China has had no daylight saving time since 1991, so a fixed
// UTC+8 zone is exact for every date the platform handles and needs no tzdata
// on the host.
absl::TimeZone ShanghaiTimeZone();

// Converts to a Timestamp (microsecond precision; the platform never stores
// finer time).
google::protobuf::Timestamp ToProto(absl::Time t);

// Converts from a Timestamp.
absl::Time FromProto(const google::protobuf::Timestamp& ts);

}  // namespace opendata

#endif  // OPENDATA_COMMON_TIME_UTIL_H_
