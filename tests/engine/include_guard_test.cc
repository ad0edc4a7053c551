// The engine_include_guard test: engine/ is pure (engine/CMakeLists.txt) and
// may depend on the storage interface only. It walks every file under
// engine/ and fails on any #include of gRPC (grpc/, grpcpp/, grpc++/,
// *.grpc.pb.h), of RocksDB (rocksdb/) or of the RocksDB store
// (storage/rocks_event_store.h). A self-check proves the scanner recognises
// such includes, and the walk must see more than 10 files.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "catch2/catch.hpp"

namespace opendata::engine_test {
namespace {

// Why `header` may not be included from engine/, or "" if it may.
std::string Forbidden(const std::string& header) {
  if (absl::StartsWith(header, "grpc/") ||
      absl::StartsWith(header, "grpcpp/") ||
      absl::StartsWith(header, "grpc++/") ||
      absl::EndsWith(header, ".grpc.pb.h")) {
    return "gRPC";
  }
  if (absl::StartsWith(header, "rocksdb/")) return "RocksDB";
  if (header == "storage/rocks_event_store.h" ||
      absl::EndsWith(header, "/rocks_event_store.h") ||
      header == "rocks_event_store.h") {
    return "the RocksDB event store";
  }
  return "";
}

struct ScanResult {
  int files = 0;
  int includes = 0;
  std::vector<std::string> offences;
};

// Scans the lines of one file's text for #include directives.
void ScanText(const std::string& name, std::istream& in, ScanResult& result) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*[<"]([^>"]+)[>"])re");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch match;
    if (!std::regex_search(line, match, kInclude)) continue;
    ++result.includes;
    const std::string why = Forbidden(match[1].str());
    if (!why.empty()) {
      result.offences.push_back(name + ":" + std::to_string(number) + ": " +
                                line + "  (" + why + ")");
    }
  }
}

TEST_CASE("engine_include_guard", "[include_guard]") {
  SECTION("the scanner recognises forbidden includes") {
    std::istringstream text(
        "#include <grpcpp/grpcpp.h>\n"
        "  #  include \"grpc/grpc.h\"\n"
        "#include \"jining/opendata/v1/provider_service.grpc.pb.h\"\n"
        "#include <rocksdb/db.h>\n"
        "#include \"storage/rocks_event_store.h\"\n"
        "#include \"storage/event_store.h\"\n"
        "#include \"jining/opendata/v1/events.pb.h\"\n"
        "// #include <grpcpp/grpcpp.h> is only a comment\n");
    ScanResult result;
    ScanText("sample.cc", text, result);
    CHECK(result.includes == 7);
    CHECK(result.offences.size() == 5);
  }

  SECTION("engine/ includes neither gRPC nor RocksDB") {
    const std::filesystem::path root(OPENDATA_ENGINE_SOURCE_DIR);
    REQUIRE(std::filesystem::is_directory(root));
    ScanResult result;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path());
      REQUIRE(in.good());
      ++result.files;
      ScanText(std::filesystem::relative(entry.path(), root).string(), in,
               result);
    }
    for (const std::string& offence : result.offences) UNSCOPED_INFO(offence);
    CHECK(result.offences.empty());
    CHECK(result.files > 10);
    CHECK(result.includes > 50);
  }
}

}  // namespace
}  // namespace opendata::engine_test
