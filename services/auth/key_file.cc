// HS256 key files: reading and generating (see key_file.h).
// Thread-safety: stateless; safe to call concurrently (see key_file.h for two
// writers of one path).
#include "services/auth/key_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace opendata::auth {
namespace {

// A key file is a few dozen bytes; anything much larger is not a key file.
constexpr off_t kMaxKeyFileBytes = 4096;

absl::Status ErrnoError(int error_number, absl::string_view what,
                        absl::string_view path) {
  return absl::ErrnoToStatus(error_number, absl::StrCat(what, " ", path));
}

// Closes a file descriptor when it goes out of scope.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports whether close succeeded (it can report a failed
  // delayed write).
  bool Close() {
    int fd = fd_;
    fd_ = -1;
    return close(fd) == 0;
  }

 private:
  int fd_;
};

bool IsHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CreateParentDirectories(const std::filesystem::path& file) {
  std::filesystem::path dir;
  for (const std::filesystem::path& part : file.parent_path()) {
    dir /= part;
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return ErrnoError(errno, "cannot create directory", dir.native());
    }
  }
  return absl::OkStatus();
}

// Writes all of data to fd, forces it to disk and closes fd.
absl::Status WriteAndClose(ScopedFd& fd, absl::string_view data,
                           absl::string_view path) {
  if (fchmod(fd.get(), 0600) != 0) {
    return ErrnoError(errno, "cannot chmod", path);
  }
  while (!data.empty()) {
    ssize_t written = write(fd.get(), data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  if (fsync(fd.get()) != 0) return ErrnoError(errno, "cannot sync", path);
  if (!fd.Close()) return ErrnoError(errno, "cannot close", path);
  return absl::OkStatus();
}

// Creates path, failing with AlreadyExists when it exists.
absl::Status WriteNewFile(const std::string& path, absl::string_view data) {
  ScopedFd fd(
      open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(
          absl::StrCat("key file ", path, " already exists"));
    }
    return ErrnoError(errno, "cannot create", path);
  }
  absl::Status status = WriteAndClose(fd, data, path);
  if (!status.ok()) unlink(path.c_str());
  return status;
}

// Writes a temporary file beside path and renames it over path.
absl::Status ReplaceFile(const std::string& path, absl::string_view data) {
  std::string temp_path = absl::StrCat(path, ".tmp.XXXXXX");
  ScopedFd fd(mkostemp(temp_path.data(), O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, "cannot create", temp_path);
  absl::Status status = WriteAndClose(fd, data, temp_path);
  if (status.ok() && rename(temp_path.c_str(), path.c_str()) != 0) {
    status = ErrnoError(errno, "cannot rename onto", path);
  }
  if (!status.ok()) unlink(temp_path.c_str());
  return status;
}

}  // namespace

absl::StatusOr<std::string> ReadKeyFile(absl::string_view path) {
  const std::string file(path);
  ScopedFd fd(open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, "cannot open key file", file);
  struct stat info;
  if (fstat(fd.get(), &info) != 0) {
    return ErrnoError(errno, "cannot stat key file", file);
  }
  if (!S_ISREG(info.st_mode) || info.st_size > kMaxKeyFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", file, " is not a regular file of at most ",
                     kMaxKeyFileBytes, " bytes"));
  }
  std::string content(static_cast<size_t>(info.st_size), '\0');
  size_t filled = 0;
  while (filled < content.size()) {
    ssize_t got =
        read(fd.get(), content.data() + filled, content.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoError(errno, "cannot read key file", file);
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  content.resize(filled);
  absl::string_view hex = absl::StripAsciiWhitespace(content);
  if (hex.empty() || hex.size() % 2 != 0 || !IsHex(hex)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "key file ", file, " must hold an even number of hex digits only"));
  }
  std::string key = absl::HexStringToBytes(hex);
  if (key.size() < kHs256KeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", file, " holds ", key.size(),
                     " bytes; at least ", kHs256KeyBytes, " are needed"));
  }
  return key;
}

absl::Status GenerateKeyFile(absl::string_view path, bool overwrite) {
  if (path.empty()) return absl::InvalidArgumentError("key file path is empty");
  const std::string file(path);
  if (absl::Status status = CreateParentDirectories(file); !status.ok()) {
    return status;
  }
  unsigned char key[kHs256KeyBytes];
  if (RAND_bytes(key, sizeof(key)) != 1) {
    return absl::InternalError("RAND_bytes failed to produce a key");
  }
  const std::string content =
      absl::StrCat(absl::BytesToHexString(absl::string_view(
                       reinterpret_cast<const char*>(key), sizeof(key))),
                   "\n");
  return overwrite ? ReplaceFile(file, content) : WriteNewFile(file, content);
}

}  // namespace opendata::auth
