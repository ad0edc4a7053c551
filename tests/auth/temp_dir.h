// TempDir: a fresh directory under the system temp dir, removed with everything
// in it at scope exit.
// Thread-safety: one instance per test; not shared between threads.
#ifndef OPENDATA_TESTS_AUTH_TEMP_DIR_H_
#define OPENDATA_TESTS_AUTH_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace opendata::auth::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opendata-auth-XXXXXX")
            .string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  // Empty when the directory could not be created.
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace opendata::auth::testing

#endif  // OPENDATA_TESTS_AUTH_TEMP_DIR_H_
