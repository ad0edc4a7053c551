// Tests of tools/rpc JSON handling: Go-style indentation and string escaping,
// request splitting, message rendering and parsing.
// Thread-safety: single-threaded tests.
#include "tools/rpc/json_format.h"

#include <catch2/catch.hpp>

#include "google/rpc/error_details.pb.h"
#include "tools/rpc/json_string.h"

namespace opendata::rpc {
namespace {

TEST_CASE("IndentJson indents like Go's json.Indent", "[rpc][json]") {
  CHECK(IndentJson(
            R"({"a":1,"b":[true,null],"c":{},"d":[],"e":{"f":"x,y:{}"}})") ==
        "{\n"
        "  \"a\": 1,\n"
        "  \"b\": [\n"
        "    true,\n"
        "    null\n"
        "  ],\n"
        "  \"c\": {},\n"
        "  \"d\": [],\n"
        "  \"e\": {\n"
        "    \"f\": \"x,y:{}\"\n"
        "  }\n"
        "}");
  CHECK(IndentJson("{}") == "{}");
  CHECK(IndentJson(" [ 1 , 2 ] ") == "[\n  1,\n  2\n]");
  CHECK(IndentJson(R"("a \"quoted\" \\ string")") ==
        R"("a \"quoted\" \\ string")");
}

TEST_CASE("IndentJson re-escapes strings as Go does", "[rpc][json]") {
  CHECK(IndentJson(R"({"s":"\u003c&>\u00e9\u2028\u00ad/"})") ==
        "{\n  \"s\": \"\\u003c\\u0026\\u003e\xc3\xa9\\u2028\xc2\xad/\"\n}");
}

TEST_CASE("GoJsonQuote escapes like encoding/json", "[rpc][json]") {
  CHECK(GoJsonQuote("plain") == "\"plain\"");
  CHECK(GoJsonQuote("<a href=\"x\">&</a>") ==
        R"("\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e")");
  CHECK(GoJsonQuote("tab\tnl\ncr\rbs\\") == R"("tab\tnl\ncr\rbs\\")");
  CHECK(GoJsonQuote(std::string("\x01\x7f", 2)) == "\"\\u0001\x7f\"");
  CHECK(GoJsonQuote("\xe6\xb5\x8e\xe5\xae\x81") ==
        "\"\xe6\xb5\x8e\xe5\xae\x81\"");
  CHECK(GoJsonQuote("bad \xff byte") == "\"bad \xef\xbf\xbd byte\"");
}

TEST_CASE("JsonUnquote decodes escapes and surrogate pairs", "[rpc][json]") {
  CHECK(JsonUnquote(R"("a\"b\\c\/d\n")") ==
        std::optional<std::string>("a\"b\\c/d\n"));
  CHECK(JsonUnquote(R"("\u00e9\ud83d\ude00")") ==
        std::optional<std::string>("\xc3\xa9\xf0\x9f\x98\x80"));
  CHECK(JsonUnquote(R"("lone \ud83d")") ==
        std::optional<std::string>("lone \xef\xbf\xbd"));
  CHECK_FALSE(JsonUnquote(R"("bad \x")").has_value());
  CHECK_FALSE(JsonUnquote(R"("\u12")").has_value());
  CHECK_FALSE(JsonUnquote("unquoted").has_value());
}

TEST_CASE("SplitJsonValues splits concatenated request messages",
          "[rpc][json]") {
  absl::StatusOr<std::vector<std::string>> values =
      SplitJsonValues(R"( {"a":1}{"b":[1,{"c":"}]"}]}
 "str\"ing" 42 true)");
  REQUIRE(values.ok());
  CHECK(*values == std::vector<std::string>{R"({"a":1})",
                                            R"({"b":[1,{"c":"}]"}]})",
                                            R"("str\"ing")", "42", "true"});
  absl::StatusOr<std::vector<std::string>> empty = SplitJsonValues(" \n\t ");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("SplitJsonValues rejects broken input", "[rpc][json]") {
  absl::StatusOr<std::vector<std::string>> open = SplitJsonValues(R"({"a":1)");
  CHECK(open.status().message() == "unexpected end of JSON input");
  absl::StatusOr<std::vector<std::string>> string =
      SplitJsonValues(R"({"a":"1})");
  CHECK(string.status().message() == "unexpected end of JSON input");
  absl::StatusOr<std::vector<std::string>> stray = SplitJsonValues("{} }");
  CHECK(stray.status().message() ==
        "invalid character '}' looking for beginning of value");
}

TEST_CASE("MessageToJson renders lowerCamelCase with sorted map keys",
          "[rpc][json]") {
  google::rpc::ErrorInfo info;
  info.set_reason("QUOTA <EXCEEDED>");
  (*info.mutable_metadata())["zone"] = "b";
  (*info.mutable_metadata())["apple"] = "a";
  (*info.mutable_metadata())["mid"] = "m";
  absl::StatusOr<std::string> json = MessageToJson(info, {});
  REQUIRE(json.ok());
  CHECK(*json ==
        "{\n"
        "  \"reason\": \"QUOTA \\u003cEXCEEDED\\u003e\",\n"
        "  \"metadata\": {\n"
        "    \"apple\": \"a\",\n"
        "    \"mid\": \"m\",\n"
        "    \"zone\": \"b\"\n"
        "  }\n"
        "}");

  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field("x");
  absl::StatusOr<std::string> proto_names =
      MessageToJson(bad_request, {.keep_proto_names = true});
  REQUIRE(proto_names.ok());
  CHECK(*proto_names ==
        "{\n  \"field_violations\": [\n    {\n      \"field\": \"x\"\n    }\n  "
        "]\n}");

  absl::StatusOr<std::string> defaults =
      MessageToJson(google::rpc::ErrorInfo(), {.emit_defaults = true});
  REQUIRE(defaults.ok());
  CHECK(*defaults ==
        "{\n  \"reason\": \"\",\n  \"domain\": \"\",\n  \"metadata\": {}\n}");
  absl::StatusOr<std::string> empty =
      MessageToJson(google::rpc::ErrorInfo(), {});
  REQUIRE(empty.ok());
  CHECK(*empty == "{}");
}

TEST_CASE("JsonToMessage parses and reports errors", "[rpc][json]") {
  google::rpc::ErrorInfo info;
  REQUIRE(JsonToMessage(R"({"reason":"R","metadata":{"k":"v"}})", false, &info)
              .ok());
  CHECK(info.reason() == "R");
  CHECK(info.metadata().at("k") == "v");

  const absl::Status unknown = JsonToMessage(R"({"nope":1})", false, &info);
  CHECK(absl::IsInvalidArgument(unknown));
  CHECK_THAT(
      std::string(unknown.message()),
      Catch::StartsWith("cannot parse request as google.rpc.ErrorInfo: "));
  CHECK(info.reason().empty());
  CHECK(JsonToMessage(R"({"nope":1,"domain":"d"})", true, &info).ok());
  CHECK(info.domain() == "d");
}

}  // namespace
}  // namespace opendata::rpc
