// Personal information (issue 7 part 4): the AEAD, deterministic sealing and
// key wrapping of common/aead.h; the masks of
// engine/personal_info/masking.h; sealing a command's personal fields and
// revealing them per reader (with an in-memory cipher); the crypto-shredding
// decider's transitions and refusals; and the pipeline deleting the subject's
// key in the same write as the SubjectKeyShredded event.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "catch2/catch.hpp"
#include "common/aead.h"
#include "common/sha256.h"
#include "engine/personal_info/masking.h"
#include "engine/personal_info/personal_fields.h"
#include "engine/personal_info/subject_key_decider.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

const std::string kKey(32, 'k');
const std::string kNonce(12, 'n');

// A cipher over the real AEAD with one fixed key per subject; a subject in
// `shredded` has lost its key.
class MemoryCipher : public PersonalDataCipher {
 public:
  absl::StatusOr<std::string> Seal(absl::string_view subject,
                                   absl::string_view field,
                                   absl::string_view context,
                                   absl::string_view plaintext) const override {
    absl::StatusOr<std::string> sealed = SealDeterministic(
        KeyOf(subject), context, plaintext, absl::StrCat(field, "/", subject));
    if (!sealed.ok()) return sealed.status();
    return absl::StrCat(kSealedValuePrefix, "k1:", ToHex(*sealed));
  }
  absl::StatusOr<std::optional<std::string>> Open(
      absl::string_view subject, absl::string_view field,
      absl::string_view sealed) const override {
    if (shredded.count(std::string(subject)) > 0) {
      return std::optional<std::string>();
    }
    const std::string hex(sealed.substr(7));
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes.push_back(
          static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    absl::StatusOr<std::string> plain = AeadOpenDeterministic(
        KeyOf(subject), bytes, absl::StrCat(field, "/", subject));
    if (!plain.ok()) return plain.status();
    return std::optional<std::string>(*plain);
  }
  std::set<std::string> shredded;

 private:
  static std::string KeyOf(absl::string_view subject) {
    return Sha256(subject);
  }
};

pb::Command SubmitApplicationCommand() {
  pb::Command command;
  auto* c = command.mutable_submit_application();
  c->set_application_id("app-pi-1");
  c->set_catalog_entry_id("rc-gaj-residents");
  auto* a = c->mutable_form()->mutable_applicant();
  a->set_name("李四");
  a->set_contact("李四四");
  a->set_id_number("370811199001011234");
  a->set_phone("13812345678");
  a->set_address("济宁市任城区某某路1号2单元");
  return command;
}

pb::Command ShredCommand(const std::string& subject,
                         const std::string& reason = "PIPL Art. 47 request") {
  pb::Command command;
  auto* c = command.mutable_shred_subject_key();
  c->set_subject(subject);
  c->set_reason(reason);
  return command;
}

absl::Time Now() { return absl::FromUnixSeconds(1771000000); }

TEST_CASE("personal info: AES-256-GCM round trip and tamper detection",
          "[personal_info]") {
  absl::StatusOr<std::string> sealed = AeadSeal(kKey, kNonce, "secret", "aad");
  REQUIRE(sealed.ok());
  CHECK(sealed->size() == kAeadNonceSize + 6 + kAeadTagSize);
  CHECK(sealed->find("secret") == std::string::npos);
  absl::StatusOr<std::string> opened = AeadOpen(kKey, *sealed, "aad");
  REQUIRE(opened.ok());
  CHECK(*opened == "secret");
  CHECK(ErrorReason(AeadOpen(kKey, *sealed, "other aad").status()) ==
        "AEAD_OPEN_FAILED");
  CHECK(ErrorReason(AeadOpen(std::string(32, 'x'), *sealed, "aad").status()) ==
        "AEAD_OPEN_FAILED");
  std::string flipped = *sealed;
  flipped[kAeadNonceSize] ^= 1;
  CHECK(AeadOpen(kKey, flipped, "aad").status().code() ==
        absl::StatusCode::kDataLoss);
  CHECK(AeadOpen(kKey, "short", "aad").status().code() ==
        absl::StatusCode::kDataLoss);
  CHECK(ErrorReason(AeadSeal("short key", kNonce, "x", "").status()) ==
        "AEAD_KEY_INVALID");
  CHECK(ErrorReason(AeadSeal(kKey, "short", "x", "").status()) ==
        "AEAD_NONCE_INVALID");
}

TEST_CASE("personal info: deterministic sealing repeats only for equal inputs",
          "[personal_info]") {
  auto seal = [](const std::string& context, const std::string& plain,
                 const std::string& aad) {
    absl::StatusOr<std::string> s =
        SealDeterministic(kKey, context, plain, aad);
    REQUIRE(s.ok());
    return *s;
  };
  const std::string a = seal("req-1", "13812345678", "phone");
  CHECK(a == seal("req-1", "13812345678", "phone"));
  CHECK(a != seal("req-2", "13812345678", "phone"));
  CHECK(a != seal("req-1", "13812345679", "phone"));
  CHECK(a != seal("req-1", "13812345678", "email"));
  // Different plaintexts under one context never share a nonce.
  CHECK(a.substr(0, kAeadNonceSize) !=
        seal("req-1", "13812345679", "phone").substr(0, kAeadNonceSize));
  absl::StatusOr<std::string> opened = AeadOpenDeterministic(kKey, a, "phone");
  REQUIRE(opened.ok());
  CHECK(*opened == "13812345678");
  CHECK(!AeadOpenDeterministic(kKey, a, "email").ok());
}

TEST_CASE("personal info: key wrapping under the master key",
          "[personal_info]") {
  absl::StatusOr<std::string> data_key = RandomBytes(32);
  REQUIRE(data_key.ok());
  absl::StatusOr<std::string> wrapped = WrapKey(kKey, *data_key, "subject-1");
  REQUIRE(wrapped.ok());
  CHECK(wrapped->find(*data_key) == std::string::npos);
  absl::StatusOr<std::string> unwrapped =
      UnwrapKey(kKey, *wrapped, "subject-1");
  REQUIRE(unwrapped.ok());
  CHECK(*unwrapped == *data_key);
  CHECK(!UnwrapKey(kKey, *wrapped, "subject-2").ok());
  CHECK(!UnwrapKey(std::string(32, 'm'), *wrapped, "subject-1").ok());
  // A random nonce: wrapping twice gives two different wrappings.
  absl::StatusOr<std::string> again = WrapKey(kKey, *data_key, "subject-1");
  REQUIRE(again.ok());
  CHECK(*again != *wrapped);
}

TEST_CASE("personal info: masks keep only what identifies nobody",
          "[personal_info]") {
  CHECK(MaskPhone("13812345678") == "138****5678");
  CHECK(MaskPhone("0537-2345678") == "053*****5678");
  CHECK(MaskPhone("12345") == "1**45");
  CHECK(MaskIdNumber("370811199001011234") == "3708**********1234");
  CHECK(MaskIdNumber("1234") == "**34");
  CHECK(MaskEmail("zhang@example.com") == "z***@example.com");
  CHECK(MaskEmail("no-at-sign") == "***");
  CHECK(MaskAddress("济宁市任城区某某路1号2单元") == "济宁市任城区***");
  CHECK(MaskAddress("济宁市任城区") == "济宁市***");
  CHECK(MaskName("李四四") == "李**");
  CHECK(MaskName("") == "");
}

TEST_CASE("personal info: only the personal fields of a command are sealed",
          "[personal_info]") {
  MemoryCipher cipher;
  const pb::Command plain = SubmitApplicationCommand();
  const CommandContext ctx = Context(PlainUser(), Now(), "req-pi");
  absl::StatusOr<pb::Command> sealed = SealPersonalData(plain, ctx, cipher);
  REQUIRE(sealed.ok());
  const pb::ApplicantDetails& a =
      sealed->submit_application().form().applicant();
  CHECK(a.name() == "李四");
  for (const std::string* v :
       {&a.contact(), &a.id_number(), &a.phone(), &a.address()}) {
    CHECK(IsSealedValue(*v));
  }
  const std::string bytes = sealed->SerializeAsString();
  for (const char* pi :
       {"李四四", "370811199001011234", "13812345678", "某某路1号2单元"}) {
    CHECK(bytes.find(pi) == std::string::npos);
  }
  // The same request seals the same; another request id seals differently.
  absl::StatusOr<pb::Command> again = SealPersonalData(plain, ctx, cipher);
  REQUIRE(again.ok());
  CHECK(again->SerializeAsString() == bytes);
  absl::StatusOr<pb::Command> other =
      SealPersonalData(plain, Context(PlainUser(), Now(), "req-other"), cipher);
  REQUIRE(other.ok());
  CHECK(other->SerializeAsString() != bytes);
  // Empty fields stay empty (a legal person has no id number).
  pb::Command legal = plain;
  legal.mutable_submit_application()
      ->mutable_form()
      ->mutable_applicant()
      ->clear_id_number();
  absl::StatusOr<pb::Command> legal_sealed =
      SealPersonalData(legal, ctx, cipher);
  REQUIRE(legal_sealed.ok());
  CHECK(legal_sealed->submit_application().form().applicant().id_number() ==
        "");
  // Commands without personal information are unchanged.
  CHECK(!CarriesPersonalData(ShredCommand("u-zhang")));

  // Revealed in clear, masked, and erased.
  pb::ApplicantDetails clear = a;
  REQUIRE(RevealApplicant(clear, "u-zhang", PersonalView::kClear, cipher).ok());
  CHECK(clear.SerializeAsString() ==
        plain.submit_application().form().applicant().SerializeAsString());
  pb::ApplicantDetails masked = a;
  REQUIRE(
      RevealApplicant(masked, "u-zhang", PersonalView::kMasked, cipher).ok());
  CHECK(masked.contact() == "李**");
  CHECK(masked.id_number() == "3708**********1234");
  CHECK(masked.phone() == "138****5678");
  CHECK(masked.address() == "济宁市任城区***");
  // Opened as another subject's value it does not authenticate.
  pb::ApplicantDetails foreign = a;
  CHECK(RevealApplicant(foreign, "u-other", PersonalView::kClear, cipher)
            .code() == absl::StatusCode::kDataLoss);
  cipher.shredded.insert("u-zhang");
  pb::ApplicantDetails erased = a;
  REQUIRE(
      RevealApplicant(erased, "u-zhang", PersonalView::kClear, cipher).ok());
  CHECK(erased.name() == "李四");
  for (const std::string* v : {&erased.contact(), &erased.id_number(),
                               &erased.phone(), &erased.address()}) {
    CHECK(*v == kErasedMarker);
  }
}

TEST_CASE("personal info: demand and objection contacts seal and reveal",
          "[personal_info]") {
  MemoryCipher cipher;
  const CommandContext ctx = Context(PlainUser(), Now(), "req-d");
  pb::Command demand;
  demand.mutable_submit_demand()->mutable_form()->set_phone("13900001111");
  demand.mutable_submit_demand()->mutable_form()->set_email("li@example.org");
  absl::StatusOr<pb::Command> sealed = SealPersonalData(demand, ctx, cipher);
  REQUIRE(sealed.ok());
  pb::DemandForm form = sealed->submit_demand().form();
  CHECK(IsSealedValue(form.phone()));
  CHECK(IsSealedValue(form.email()));
  REQUIRE(
      RevealDemandContact(form, "u-zhang", PersonalView::kMasked, cipher).ok());
  CHECK(form.phone() == "139****1111");
  CHECK(form.email() == "l***@example.org");

  pb::Command objection;
  objection.mutable_file_objection()->mutable_contact()->set_email(
      "wang@example.org");
  sealed = SealPersonalData(objection, ctx, cipher);
  REQUIRE(sealed.ok());
  pb::ObjectionContact contact = sealed->file_objection().contact();
  CHECK(contact.phone() == "");
  CHECK(IsSealedValue(contact.email()));
  REQUIRE(
      RevealObjectionContact(contact, "u-zhang", PersonalView::kClear, cipher)
          .ok());
  CHECK(contact.email() == "wang@example.org");
}

TEST_CASE("personal info: who may shred a subject key", "[personal_info]") {
  const SubjectKeyState fresh;
  // An operator for anyone; the count goes up with every shred.
  absl::StatusOr<std::vector<pb::EventPayload>> events = DecideSubjectKey(
      fresh, ShredCommand("u-zhang"), Context(Operator(), Now()));
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  const pb::SubjectKeyShredded& e = (*events)[0].subject_key_shredded();
  CHECK(e.subject() == "u-zhang");
  CHECK(e.reason() == "PIPL Art. 47 request");
  CHECK(e.shred_count() == 1);
  SubjectKeyState once;
  pb::EventEnvelope envelope;
  *envelope.mutable_payload() = (*events)[0];
  Evolve(once, envelope);
  events = DecideSubjectKey(once, ShredCommand("u-zhang"),
                            Context(Operator(), Now()));
  REQUIRE(events.ok());
  CHECK((*events)[0].subject_key_shredded().shred_count() == 2);
  // A user for itself (PIPL Art. 47), never for another.
  CHECK(DecideSubjectKey(fresh, ShredCommand("u-zhang"),
                         Context(PlainUser(), Now()))
            .ok());
  CheckError(DecideSubjectKey(fresh, ShredCommand("u-other"),
                              Context(PlainUser(), Now()))
                 .status(),
             absl::StatusCode::kPermissionDenied, "NOT_OWN_SUBJECT");
  // Nobody else.
  for (const pb::Actor& actor : {CityProvider(), CityReviewer(), Auditor()}) {
    CheckError(
        DecideSubjectKey(fresh, ShredCommand("u-zhang"), Context(actor, Now()))
            .status(),
        absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  // Bad input.
  const absl::Status no_reason =
      DecideSubjectKey(fresh, ShredCommand("u-zhang", ""),
                       Context(Operator(), Now()))
          .status();
  CheckError(no_reason, absl::StatusCode::kInvalidArgument,
             "SUBJECT_KEY_SHRED_INVALID");
  CHECK(ViolationFields(no_reason) == std::vector<std::string>{"reason"});
  const absl::Status long_reason =
      DecideSubjectKey(fresh, ShredCommand("u-zhang", std::string(501, 'r')),
                       Context(Operator(), Now()))
          .status();
  CHECK(ViolationFields(long_reason) == std::vector<std::string>{"reason"});
  const absl::Status bad_subject =
      DecideSubjectKey(fresh, ShredCommand("bad\nsubject"),
                       Context(Operator(), Now()))
          .status();
  CHECK(ViolationFields(bad_subject) == std::vector<std::string>{"subject"});
}

TEST_CASE("personal info: the pipeline deletes the key with the shred event",
          "[personal_info]") {
  PipelineHarness h;
  REQUIRE(h.store().PutSubjectKeyIfAbsent("u-zhang", "wrapped-1").ok());
  REQUIRE(h.store().PutSubjectKeyIfAbsent("u-other", "wrapped-2").ok());
  // A second put keeps the first key.
  absl::StatusOr<std::string> kept =
      h.store().PutSubjectKeyIfAbsent("u-zhang", "wrapped-3");
  REQUIRE(kept.ok());
  CHECK(*kept == "wrapped-1");

  // A refused shred deletes nothing.
  CHECK(!h.Run(ShredCommand("u-zhang"), CityProvider(), Now()).ok());
  CHECK(h.store().GetSubjectKey("u-zhang")->has_value());

  const CommandOutcome outcome =
      h.MustRun(ShredCommand("u-zhang"), PlainUser(), Now(), "shred-1");
  CHECK(outcome.stream_id == "subject-key/u-zhang");
  CHECK(!h.store().GetSubjectKey("u-zhang")->has_value());
  CHECK(h.store().GetSubjectKey("u-other")->has_value());
  absl::StatusOr<std::vector<RecordedEvent>> events =
      h.store().ReadStream("subject-key/u-zhang", 1, 10);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].envelope.payload().subject_key_shredded().shred_count() ==
        1);
  // The retry is a replay; the chain still verifies.
  const CommandOutcome replay =
      h.MustRun(ShredCommand("u-zhang"), PlainUser(), Now(), "shred-1");
  CHECK(replay.replayed);
  CHECK(h.store().VerifyChain(1, UINT64_MAX).ok());
}

}  // namespace
}  // namespace opendata::engine_test
