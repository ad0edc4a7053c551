// Implementation of admin_service.h.
#include "services/admin_service.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/calendar/calendar_year.h"
#include "engine/calendar_records.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr int kMaxCalculatorDays = 1000;

// The day `text` names, or a violation of `field` appended to `violations`.
absl::CivilDay DateField(const std::string& text, const char* field,
                         std::vector<FieldViolation>& violations) {
  absl::StatusOr<absl::CivilDay> day = ParseIsoDate(text);
  if (day.ok()) return *day;
  violations.push_back({field, "an ISO date YYYY-MM-DD"});
  return absl::CivilDay();
}

// The engine validates a schedule on its own terms ("holidays[3]"); the request
// nests it under "calendar".
absl::Status InRequestTerms(absl::Status status) {
  if (status.ok() || ErrorReason(status) != kCalendarInvalidReason)
    return status;
  std::vector<FieldViolation> violations = FieldViolations(status);
  if (violations.empty()) return status;
  for (FieldViolation& v : violations)
    v.field = absl::StrCat("calendar.", v.field);
  return InvalidArgument(kCalendarInvalidReason, std::move(violations));
}

}  // namespace

grpc::Status AdminServiceImpl::LoadCalendarYear(
    grpc::ServerContext* context, const pb::LoadCalendarYearRequest* request,
    pb::LoadCalendarYearResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    pb::Command command;
    *command.mutable_load_calendar_year()->mutable_calendar() =
        request->calendar();
    absl::StatusOr<CommandOutcome> executed =
        runtime_->Execute(command, actor, request->request_id());
    if (!executed.ok()) return InRequestTerms(executed.status());
    const CommandOutcome& outcome = *executed;
    ASSIGN_OR_RETURN(std::vector<pb::CalendarYearRecord> records,
                     ReadCalendarRecords(*store_));
    for (const auto& record : records) {
      if (record.calendar().year() == request->calendar().year())
        *response->mutable_record() = record;
    }
    *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
    int revised = 0;
    for (int i = 1; i < outcome.result.streams_size(); ++i) {
      const auto& s = outcome.result.streams(i);
      revised += static_cast<int>(s.last_version() - s.first_version() + 1);
    }
    response->set_revised_deadlines(revised);
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::ListCalendarYears(
    grpc::ServerContext* context, const pb::ListCalendarYearsRequest*,
    pb::ListCalendarYearsResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<pb::CalendarYearRecord> records,
                     ReadCalendarRecords(*store_));
    for (auto& record : records) *response->add_years() = std::move(record);
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::AddWorkingDays(
    grpc::ServerContext* context, const pb::AddWorkingDaysRequest* request,
    pb::AddWorkingDaysResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor&) -> absl::Status {
    std::vector<FieldViolation> v;
    if (!request->has_start_time()) v.push_back({"start_time", "required"});
    if (request->working_days() < 1 ||
        request->working_days() > kMaxCalculatorDays) {
      v.push_back({"working_days", absl::StrCat("1-", kMaxCalculatorDays)});
    }
    if (!v.empty()) return InvalidArgument("CALCULATOR_INVALID", std::move(v));
    const WorkingCalendar::Deadline due =
        runtime_->calendar().Current()->AddWorkingDays(
            FromProto(request->start_time()), request->working_days());
    *response->mutable_due_time() = ToProto(due.due);
    response->set_due_date(FormatIsoDate(due.day));
    response->set_provisional(due.provisional);
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::CountWorkingDays(
    grpc::ServerContext* context, const pb::CountWorkingDaysRequest* request,
    pb::CountWorkingDaysResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor&) -> absl::Status {
    std::vector<FieldViolation> v;
    const absl::CivilDay from = DateField(request->from_date(), "from_date", v);
    const absl::CivilDay to = DateField(request->to_date(), "to_date", v);
    if (!v.empty()) return InvalidArgument("DATE_INVALID", std::move(v));
    bool provisional = false;
    response->set_working_days(runtime_->calendar().Current()->CountWorkingDays(
        from, to, &provisional));
    response->set_provisional(provisional);
    return absl::OkStatus();
  });
}

}  // namespace opendata
