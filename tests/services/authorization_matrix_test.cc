// The authorization matrix (docs/authorization-matrix.md) as a test: the doc's
// tables are parsed, every jining.opendata.v1 method the server offers (found
// through its reflection service) must have exactly one row, and every row is
// called through the real server with the token of every actor kind (a column)
// against targets created through the API. Each call is a generic gRPC call
// whose request is built from a JSON template (tests/services/
// authz_requests.txt) with the target ids substituted, so the test is table
// driven: the doc says what must happen, the templates say what is sent.
// Mismatches are collected and reported together. Thread-safety: one test case
// on the test's thread.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "tests/services/calendar_samples.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

namespace protobuf = ::google::protobuf;

constexpr char kPackage[] = "jining.opendata.v1.";

// The actor kinds of the matrix besides the fixture's identities. The target
// items belong to provider rc-gaj (任城区 370811) and user citizen.1.
const Identity kRenchengOtherProvider{"qian.hui", "PROVIDER", "rc-jtj",
                                      "COUNTY",   "370811",   ""};
const Identity kZouchengProvider{"wu.gang", "PROVIDER", "zc-gaj",
                                 "COUNTY",  "370883",   ""};
const Identity kOtherCitizen{"citizen.2", "USER", "person",
                             "CITY",      "3708", "NATURAL"};
const Identity kCompany{"company.1", "USER", "jn-company-1",
                        "CITY",      "3708", "LEGAL"};
const Identity kUnverifiedCitizen{"citizen.3", "USER",    "person", "CITY",
                                  "3708",      "NATURAL", true};

// One column of the matrix: its key in the doc's header, and the identity
// (none: the call carries no token).
struct Column {
  std::string key;
  const Identity* who;
};

const std::vector<Column>& Columns() {
  static const auto* columns = new std::vector<Column>{
      {"prov-own", &kRenchengProvider},
      {"prov-same-region", &kRenchengOtherProvider},
      {"prov-other-county", &kZouchengProvider},
      {"prov-city", &kGajProvider},
      {"rev-city", &kCityReviewer},
      {"rev-county", &kRenchengReviewer},
      {"rev-other-county", &kZouchengReviewer},
      {"user-own", &kCitizen},
      {"user-other", &kOtherCitizen},
      {"user-legal", &kCompany},
      {"user-unverified", &kUnverifiedCitizen},
      {"auditor", &kAuditor},
      {"operator", &kOperator},
      {"no-token", nullptr},
  };
  return *columns;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  INFO(path);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// One row of the doc: the method ("ProviderService/SubmitCatalogEntry") and
// the expected cell per column key, in the doc's order.
struct Row {
  std::string method;
  std::vector<std::pair<std::string, std::string>> cells;
};

std::vector<std::string> CellsOf(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  line = absl::StripPrefix(line, "|");
  line = absl::StripSuffix(line, "|");
  std::vector<std::string> cells;
  for (absl::string_view cell : absl::StrSplit(line, '|')) {
    cells.emplace_back(absl::StripAsciiWhitespace(cell));
  }
  return cells;
}

// Every row of every table whose first header cell is "RPC". Columns named
// "Notes" are ignored.
std::vector<Row> ParseMatrix(const std::string& doc) {
  std::vector<Row> rows;
  std::vector<std::string> header;
  for (absl::string_view line : absl::StrSplit(doc, '\n')) {
    if (!absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "|")) {
      header.clear();
      continue;
    }
    std::vector<std::string> cells = CellsOf(line);
    if (cells.empty()) continue;
    if (cells[0] == "RPC") {
      header = cells;
      continue;
    }
    if (header.empty() || absl::StartsWith(cells[0], "---")) continue;
    INFO(line);
    REQUIRE(cells.size() == header.size());
    Row row;
    row.method =
        std::string(absl::StripSuffix(absl::StripPrefix(cells[0], "`"), "`"));
    for (size_t i = 1; i < cells.size(); ++i) {
      if (header[i] == "Notes") continue;
      row.cells.emplace_back(header[i], cells[i]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// "ProviderService/SubmitCatalogEntry" -> JSON request template.
std::map<std::string, std::string> ParseTemplates(const std::string& text) {
  std::map<std::string, std::string> templates;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    const size_t space = line.find(' ');
    INFO(line);
    REQUIRE(space != absl::string_view::npos);
    const std::string method(line.substr(0, space));
    REQUIRE(templates.count(method) == 0);
    templates[method] =
        std::string(absl::StripAsciiWhitespace(line.substr(space + 1)));
  }
  return templates;
}

// What one call gave: the status, and whether a response message arrived.
struct Outcome {
  grpc::Status status;
  bool responded = false;
};

// Generic calls by full method name over one channel.
class GenericCaller {
 public:
  explicit GenericCaller(PlatformFixture& f)
      : f_(f),
        channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                     grpc::InsecureChannelCredentials())),
        stub_(channel_) {}

  // Calls `method` ("/pkg.Service/Method") with `request` as `who` (null: no
  // token). A server-streaming call is cancelled after its first message and
  // counted as answered; one still open after 500 ms is too (a refusal comes at
  // once).
  Outcome Call(const std::string& method, const protobuf::Message& request,
               const Identity* who, bool server_streaming,
               protobuf::Message* response = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         (server_streaming ? std::chrono::milliseconds(500)
                                           : std::chrono::milliseconds(10000)));
    if (who != nullptr) context.AddMetadata("authorization", f_.Bearer(*who));
    grpc::CompletionQueue cq;
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
        stub_.PrepareCall(&context, method, &cq);
    call->StartCall(Tag(1));
    Await(cq);
    const std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, Tag(2));
    Await(cq);
    call->WritesDone(Tag(3));
    Await(cq);
    grpc::ByteBuffer reply;
    call->Read(&reply, Tag(4));
    Outcome outcome;
    outcome.responded = Await(cq);
    if (outcome.responded && response != nullptr) {
      std::vector<grpc::Slice> slices;
      if (reply.Dump(&slices).ok()) {
        std::string data;
        for (const grpc::Slice& s : slices) {
          data.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
        response->ParseFromString(data);
      }
    }
    if (outcome.responded && server_streaming) context.TryCancel();
    call->Finish(&outcome.status, Tag(5));
    Await(cq);
    if (server_streaming &&
        (outcome.responded ||
         outcome.status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)) {
      outcome.status = grpc::Status::OK;
    }
    return outcome;
  }

 private:
  static void* Tag(intptr_t i) { return reinterpret_cast<void*>(i); }
  static bool Await(grpc::CompletionQueue& cq) {
    void* tag = nullptr;
    bool ok = false;
    REQUIRE(cq.Next(&tag, &ok));
    return ok;
  }

  PlatformFixture& f_;
  std::shared_ptr<grpc::Channel> channel_;
  grpc::GenericStub stub_;
};

// The services the server offers, from its reflection service.
std::vector<std::string> ListServices(GenericCaller& caller) {
  const protobuf::DescriptorPool* pool =
      protobuf::DescriptorPool::generated_pool();
  const protobuf::ServiceDescriptor* reflection =
      pool->FindServiceByName("grpc.reflection.v1alpha.ServerReflection");
  REQUIRE(reflection != nullptr);
  const protobuf::MethodDescriptor* info = reflection->method(0);
  protobuf::MessageFactory* factory =
      protobuf::MessageFactory::generated_factory();
  std::unique_ptr<protobuf::Message> request(
      factory->GetPrototype(info->input_type())->New());
  REQUIRE(protobuf::util::JsonStringToMessage(R"({"listServices": ""})",
                                              request.get())
              .ok());
  std::unique_ptr<protobuf::Message> response(
      factory->GetPrototype(info->output_type())->New());
  const Outcome outcome =
      caller.Call(absl::StrCat("/", reflection->full_name(), "/", info->name()),
                  *request, &kAuditor, true, response.get());
  REQUIRE(outcome.responded);
  std::string json;
  REQUIRE(protobuf::util::MessageToJsonString(*response, &json).ok());
  std::vector<std::string> services;
  const protobuf::Descriptor* d = response->GetDescriptor();
  const protobuf::Message& list = response->GetReflection()->GetMessage(
      *response, d->FindFieldByName("list_services_response"));
  const protobuf::FieldDescriptor* service_field =
      list.GetDescriptor()->FindFieldByName("service");
  for (int i = 0; i < list.GetReflection()->FieldSize(list, service_field);
       ++i) {
    const protobuf::Message& s =
        list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    services.push_back(s.GetReflection()->GetString(
        s, s.GetDescriptor()->FindFieldByName("name")));
  }
  INFO(json);
  REQUIRE_FALSE(services.empty());
  return services;
}

// Builds and sends requests from the templates, with `values` substituted for
// {name} and a fresh {fresh} and request_id per call.
class MatrixRunner {
 public:
  MatrixRunner(PlatformFixture& f, GenericCaller& caller,
               std::map<std::string, std::string> templates)
      : f_(f), caller_(caller) {
    // Lines keyed "{name}" define placeholders; the others are rows.
    for (auto& [key, value] : templates) {
      if (absl::StartsWith(key, "{")) {
        values_[key] = std::move(value);
      } else {
        templates_[key] = std::move(value);
      }
    }
  }

  std::map<std::string, std::string>& values() { return values_; }

  // The method descriptor of "ProviderService/SubmitCatalogEntry", or null.
  static const protobuf::MethodDescriptor* Find(const std::string& method) {
    return protobuf::DescriptorPool::generated_pool()->FindMethodByName(
        absl::StrCat(kPackage, absl::StrReplaceAll(method, {{"/", "."}})));
  }

  // Calls `method` with `json` (placeholders substituted) as `who`. Fails the
  // test if the JSON does not parse into the request type.
  Outcome Send(const std::string& method, const std::string& json,
               const Identity* who) {
    const protobuf::MethodDescriptor* m = Find(method);
    INFO(method);
    REQUIRE(m != nullptr);
    std::unique_ptr<protobuf::Message> request(
        protobuf::MessageFactory::generated_factory()
            ->GetPrototype(m->input_type())
            ->New());
    std::map<std::string, std::string> values = values_;
    values["{fresh}"] = absl::StrCat("m", ++fresh_);
    const std::string text = absl::StrReplaceAll(json, values);
    INFO(text);
    const auto parsed =
        protobuf::util::JsonStringToMessage(text, request.get());
    INFO(parsed.ToString());
    REQUIRE(parsed.ok());
    const protobuf::FieldDescriptor* request_id =
        m->input_type()->FindFieldByName("request_id");
    if (request_id != nullptr &&
        request->GetReflection()->GetString(*request, request_id).empty()) {
      request->GetReflection()->SetString(request.get(), request_id,
                                          f_.FreshRequestId());
    }
    return caller_.Call(
        absl::StrCat("/", m->service()->full_name(), "/", m->name()), *request,
        who, m->server_streaming());
  }

  // Sends the row's template; "<method>@<column>" overrides it for one column
  // (a legal person's application form differs from a natural person's).
  Outcome SendRow(const std::string& method, const std::string& column,
                  const Identity* who) {
    auto it = templates_.find(absl::StrCat(method, "@", column));
    if (it == templates_.end()) it = templates_.find(method);
    INFO(method);
    REQUIRE(it != templates_.end());
    return Send(method, it->second, who);
  }

  // A setup call that must succeed.
  void Must(const Identity& who, const std::string& method,
            const std::string& json) {
    const Outcome outcome = Send(method, json, &who);
    INFO(method << " as " << who.subject << ": " << Describe(outcome.status));
    REQUIRE(outcome.status.ok());
  }

  const std::map<std::string, std::string>& templates() const {
    return templates_;
  }

 private:
  PlatformFixture& f_;
  GenericCaller& caller_;
  std::map<std::string, std::string> templates_;
  std::map<std::string, std::string> values_;
  int fresh_ = 0;
};

std::string Json(const protobuf::Message& message) {
  std::string json;
  REQUIRE(protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

// Whether `outcome` matches the cell; `no_token` for the no-token column.
bool Matches(const std::string& cell, const grpc::Status& status,
             bool no_token) {
  const grpc::StatusCode code = status.error_code();
  if (cell == "✓") {
    return code != grpc::StatusCode::PERMISSION_DENIED &&
           code != grpc::StatusCode::UNAUTHENTICATED &&
           code != grpc::StatusCode::NOT_FOUND &&
           code != grpc::StatusCode::INVALID_ARGUMENT;
  }
  if (cell == "✗") {
    return code == (no_token ? grpc::StatusCode::UNAUTHENTICATED
                             : grpc::StatusCode::PERMISSION_DENIED);
  }
  if (cell == "hidden") return code == grpc::StatusCode::NOT_FOUND;
  if (cell == "✗ art16") {
    return code == grpc::StatusCode::FAILED_PRECONDITION &&
           ErrorReason(status) == "ART16_REAL_NAME_REQUIRED";
  }
  return false;
}

std::string Short(const grpc::Status& status) {
  if (status.ok()) return "OK";
  return absl::StrCat(status.error_code(), " ", ErrorReason(status));
}

// Creates the targets every row refers to, through the API, and records their
// ids as placeholder values.
void CreateTargets(PlatformFixture& f, MatrixRunner& r) {
  auto& v = r.values();
  v["{conditional}"] = Json(ConditionalContent("户籍人口统计"));
  v["{unconditional}"] = Json(UnconditionalContent("公交站点"));
  v["{application_form}"] = Json(SampleApplicationForm());
  pb::CatalogEntryContent weekly = UnconditionalContent("公交站点");
  weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  v["{unconditional_weekly}"] = Json(weekly);
  const std::string kProvider = "ProviderService/";
  const std::string kReviewer = "ReviewerService/";
  const std::string kUser = "UserService/";
  // Entries of rc-gaj (任城区): published ones for each per-entry workflow, one
  // pending review, one draft.
  auto published = [&](const std::string& key, const std::string& id,
                       const std::string& content) {
    r.Must(kRenchengProvider, kProvider + "CreateCatalogEntry",
           absl::StrCat(R"({"catalogEntryId":")", id, R"(","content":)",
                        content, "}"));
    r.Must(kRenchengProvider, kProvider + "SubmitCatalogEntry",
           absl::StrCat(R"({"catalogEntryId":")", id, R"("})"));
    r.Must(kRenchengReviewer, kReviewer + "PublishCatalogEntry",
           absl::StrCat(R"({"catalogEntryId":")", id, R"("})"));
    v[key] = id;
  };
  published("{entry}", "rc-gaj-pub", v["{conditional}"]);
  published("{entry_open}", "rc-gaj-open", v["{unconditional}"]);
  published("{entry_takedown}", "rc-gaj-td", v["{unconditional}"]);
  published("{entry_quality}", "rc-gaj-qual", v["{unconditional}"]);
  published("{entry_change}", "rc-gaj-chg", v["{unconditional}"]);
  published("{entry_migration}", "rc-gaj-mig", v["{unconditional}"]);
  // A second migration, awaiting the receiver, for the decline row.
  published("{entry_migration_2}", "rc-gaj-mig2", v["{unconditional}"]);
  r.Must(kRenchengProvider, kProvider + "RequestMigration",
         v["{migration_2_request}"]);
  r.Must(kRenchengProvider, kProvider + "CreateCatalogEntry",
         absl::StrCat(R"({"catalogEntryId":"rc-gaj-pend","content":)",
                      v["{unconditional}"], "}"));
  r.Must(kRenchengProvider, kProvider + "SubmitCatalogEntry",
         R"({"catalogEntryId":"rc-gaj-pend"})");
  v["{entry_pending}"] = "rc-gaj-pend";
  r.Must(kRenchengProvider, kProvider + "CreateCatalogEntry",
         absl::StrCat(R"({"catalogEntryId":"rc-gaj-draft","content":)",
                      v["{unconditional}"], "}"));
  v["{entry_draft}"] = "rc-gaj-draft";
  v["{entry_stream}"] = "catalog-entry/rc-gaj-draft";
  v["{entry_sequence}"] = absl::StrCat(
      f.RecordedEvents("catalog-entry/rc-gaj-draft").at(0).sequence());

  // rc-gaj's responsible persons (Art. 23); its profile also places demands
  // for it in its county.
  r.Must(kRenchengProvider, kProvider + "SetResponsiblePersons",
         v["{persons_request}"]);
  // citizen.1's items: applications, a demand, an objection, a product.
  for (const std::string id : {"app-1", "app-withdraw"}) {
    r.Must(kCitizen, kUser + "SubmitApplication",
           absl::StrCat(R"({"applicationId":")", id,
                        R"(","catalogEntryId":"rc-gaj-pub","form":)",
                        v["{application_form}"], "}"));
  }
  v["{application}"] = "app-1";
  v["{application_withdraw}"] = "app-withdraw";
  for (const std::string id : {"dem-1", "dem-fwd", "dem-withdraw"}) {
    r.Must(kCitizen, kUser + "SubmitDemand",
           absl::StrCat(R"({"demandId":")", id, R"(","form":)",
                        v["{demand_form}"], "}"));
  }
  r.Must(kCityReviewer, kReviewer + "PassDemandFormalReview",
         R"({"demandId":"dem-fwd"})");
  r.Must(kCityReviewer, kReviewer + "ForwardDemand",
         R"({"demandId":"dem-fwd","providerOrganization":"rc-gaj"})");
  v["{demand}"] = "dem-1";
  v["{demand_forwarded}"] = "dem-fwd";
  v["{demand_withdraw}"] = "dem-withdraw";
  // Objections 1 and 2 of citizen.1 on the unconditional entry.
  r.Must(kCitizen, kUser + "FileObjection", v["{objection_request}"]);
  r.Must(kCitizen, kUser + "FileObjection", v["{objection_request_2}"]);
  v["{objection}"] = "1";
  v["{objection_withdraw}"] = "2";
  for (const std::string id : {"prod-1", "prod-withdraw"}) {
    r.Must(kCitizen, kUser + "SubmitProduct",
           absl::StrCat(R"({"productId":")", id, R"(","content":)",
                        v["{product_content}"], "}"));
  }
  v["{product}"] = "prod-1";
  v["{product_withdraw}"] = "prod-withdraw";
  // The 2026 plan year and rc-gaj's plan.
  r.Must(kCityReviewer, kReviewer + "OpenAnnualPlanYear", R"({"year":2026})");
  r.Must(kRenchengProvider, kProvider + "SubmitAnnualPlan",
         absl::StrCat(R"({"year":2026,"items":[)", v["{plan_item}"], "]}"));
  // A public call for demands.
  r.Must(kCityReviewer, kReviewer + "OpenDemandCall", v["{call_request}"]);
  v["{call}"] = "call-1";
  // An industry entry applied for by a legal person of 任城区.
  r.Must(kCompany, kProvider + "ApplyForIndustryEntry",
         absl::StrCat(R"({"catalogEntryId":"ind-1","content":)",
                      v["{unconditional}"], R"(,"declaration":)",
                      v["{industry_declaration}"], "}"));
  v["{entry_industry}"] = "ind-1";
  v["{calendar_2027}"] = Json(Hypothetical2027());
}

TEST_CASE("authorization matrix: every RPC with every kind of actor",
          "[services][authorization][matrix]") {
  PlatformFixture f;
  GenericCaller caller(f);
  const std::vector<Row> rows = ParseMatrix(
      ReadFile(OPENDATA_SOURCE_DIR "/docs/authorization-matrix.md"));
  MatrixRunner runner(
      f, caller,
      ParseTemplates(
          ReadFile(OPENDATA_SOURCE_DIR "/tests/services/authz_requests.txt")));

  // Completeness: one row per method the server offers, no row for anything
  // else, and a template for every row.
  std::set<std::string> offered;
  for (const std::string& service : ListServices(caller)) {
    if (!absl::StartsWith(service, kPackage)) continue;
    const protobuf::ServiceDescriptor* s =
        protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
    REQUIRE(s != nullptr);
    for (int i = 0; i < s->method_count(); ++i) {
      offered.insert(absl::StrCat(s->name(), "/", s->method(i)->name()));
    }
  }
  std::vector<std::string> problems;
  std::set<std::string> in_doc;
  for (const Row& row : rows) {
    if (!in_doc.insert(row.method).second) {
      problems.push_back(absl::StrCat(row.method, ": two rows"));
    }
    if (offered.count(row.method) == 0) {
      problems.push_back(absl::StrCat(row.method, ": no such method"));
    }
    if (runner.templates().count(row.method) == 0) {
      problems.push_back(absl::StrCat(row.method, ": no request template"));
    }
    std::set<std::string> keys;
    for (const auto& [key, cell] : row.cells) keys.insert(key);
    for (const Column& column : Columns()) {
      if (keys.count(column.key) == 0) {
        problems.push_back(
            absl::StrCat(row.method, ": no cell for ", column.key));
      }
    }
  }
  for (const std::string& method : offered) {
    if (in_doc.count(method) == 0) {
      problems.push_back(absl::StrCat(method, ": no row in the matrix"));
    }
  }
  INFO(absl::StrJoin(problems, "\n"));
  REQUIRE(problems.empty());

  CreateTargets(f, runner);

  // Every row, refusals first, then the allowed calls in column order.
  std::map<std::string, const Identity*> by_key;
  for (const Column& column : Columns()) by_key[column.key] = column.who;
  std::vector<std::string> mismatches;
  std::vector<std::string> observed;
  for (const Row& row : rows) {
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& cell : row.cells) {
      if (cell.second != "✓") order.push_back(cell);
    }
    for (const auto& cell : row.cells) {
      if (cell.second == "✓") order.push_back(cell);
    }
    std::string line = row.method;
    for (const auto& [key, cell] : order) {
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        mismatches.push_back(
            absl::StrCat(row.method, ": unknown column ", key));
        continue;
      }
      const Outcome outcome = runner.SendRow(row.method, key, it->second);
      absl::StrAppend(&line, " | ", key, "=", Short(outcome.status));
      if (!Matches(cell, outcome.status, it->second == nullptr)) {
        mismatches.push_back(absl::StrCat(row.method, " as ", key,
                                          ": expected ", cell, ", got ",
                                          Describe(outcome.status)));
      }
    }
    observed.push_back(line);
  }
  INFO("observed:\n" << absl::StrJoin(observed, "\n"));
  INFO(mismatches.size() << " mismatches:\n"
                         << absl::StrJoin(mismatches, "\n"));
  CHECK(mismatches.empty());
}

}  // namespace
}  // namespace opendata::testing
