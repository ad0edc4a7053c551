// Tests of GenerateKeyFile and ReadKeyFile.
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/key_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "tests/auth/temp_dir.h"

namespace opendata::auth {
namespace {

using testing::TempDir;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

mode_t Mode(const std::string& path) {
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

TEST_CASE("GenerateKeyFile writes a 0600 hex key that ReadKeyFile reads",
          "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string path = dir.File("secrets/dev/hs256.key");
  REQUIRE(GenerateKeyFile(path, /*overwrite=*/false).ok());
  CHECK(Mode(path) == 0600);
  CHECK(Mode(dir.File("secrets")) == 0700);
  const std::string text = Slurp(path);
  CHECK(text.size() == 2 * kHs256KeyBytes + 1);
  CHECK(text.back() == '\n');
  const absl::StatusOr<std::string> key = ReadKeyFile(path);
  REQUIRE(key.ok());
  CHECK(key->size() == kHs256KeyBytes);
  CHECK(absl::BytesToHexString(*key) + "\n" == text);
}

TEST_CASE("GenerateKeyFile refuses to overwrite unless asked", "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string path = dir.File("hs256.key");
  REQUIRE(GenerateKeyFile(path, false).ok());
  const std::string first = Slurp(path);
  CHECK(absl::IsAlreadyExists(GenerateKeyFile(path, false)));
  CHECK(Slurp(path) == first);

  REQUIRE(chmod(path.c_str(), 0644) == 0);
  REQUIRE(GenerateKeyFile(path, /*overwrite=*/true).ok());
  CHECK(Slurp(path) != first);
  CHECK(Mode(path) == 0600);
  CHECK(ReadKeyFile(path).ok());
}

TEST_CASE("GenerateKeyFile reports an unwritable place", "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  WriteText(dir.File("plain-file"), "x");
  CHECK_FALSE(GenerateKeyFile(dir.File("plain-file/hs256.key"), false).ok());
  CHECK(absl::IsInvalidArgument(GenerateKeyFile("", false)));
}

TEST_CASE("ReadKeyFile trims whitespace and accepts upper-case hex",
          "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string path = dir.File("key");
  WriteText(path, "  \n" + std::string(64, 'A') + "\r\n\n");
  const absl::StatusOr<std::string> key = ReadKeyFile(path);
  REQUIRE(key.ok());
  CHECK(*key == std::string(32, '\xaa'));
}

TEST_CASE("ReadKeyFile refuses content that is not a key", "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string path = dir.File("key");
  const std::string content =
      GENERATE(as<std::string>{}, "", "\n", std::string(62, 'a'),  // 31 bytes.
               std::string(63, 'a'),  // Odd length.
               std::string(63, 'a') + "g",
               std::string(32, 'a') + " " + std::string(32, 'a'),
               "0x" + std::string(64, 'a'));
  INFO("content: '" << content << "'");
  WriteText(path, content);
  CHECK(absl::IsInvalidArgument(ReadKeyFile(path).status()));
}

TEST_CASE("ReadKeyFile reports a missing file and a directory", "[key_file]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  CHECK(absl::IsNotFound(ReadKeyFile(dir.File("missing")).status()));
  CHECK(absl::IsInvalidArgument(ReadKeyFile(dir.path()).status()));
}

}  // namespace
}  // namespace opendata::auth
