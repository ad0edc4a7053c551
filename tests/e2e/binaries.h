// Paths of the built binaries the end-to-end tests run, and of the README, from
// compile definitions set in tests/e2e/CMakeLists.txt.
#ifndef OPENDATA_TESTS_E2E_BINARIES_H_
#define OPENDATA_TESTS_E2E_BINARIES_H_

namespace opendata::e2e {

inline constexpr char kServerBinary[] = OPENDATA_SERVER_BINARY;
inline constexpr char kAdminBinary[] = OPENDATA_ADMIN_BINARY;
inline constexpr char kRpcBinary[] = OPENDATA_RPC_BINARY;
inline constexpr char kAuditBinary[] = OPENDATA_AUDIT_BINARY;
// The directory all of them are built into (build/bin).
inline constexpr char kBinaryDir[] = OPENDATA_BIN_DIR;
inline constexpr char kReadme[] = OPENDATA_README;

}  // namespace opendata::e2e

#endif  // OPENDATA_TESTS_E2E_BINARIES_H_
