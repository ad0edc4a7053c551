// The RPCs of releases, quality assessments and the open list (Art. 8, 12),
// declared in catalog_services.h: ProviderService.RecordRelease,
// ReviewerService.RecordQualityAssessment and QueryService.ListReleases /
// ListQualityAssessments / ListOpenList / ExportOpenList (server-streaming).
// Translation only; the rules are in the release decider and the open-list
// queries.
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "services/catalog_services.h"

namespace opendata {

namespace {

OpenListFilter FilterOf(const pbv1::OpenListFilter& f) {
  OpenListFilter filter;
  filter.open_attribute = f.open_attribute();
  filter.provider_organization = f.provider_organization();
  filter.region = f.region();
  filter.domain = f.domain();
  return filter;
}

}  // namespace

grpc::Status ProviderServiceImpl::RecordRelease(
    grpc::ServerContext* context, const pbv1::RecordReleaseRequest* request,
    pbv1::RecordReleaseResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_record_release();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_version_label(request->version_label());
    c->set_rows(request->rows());
    c->set_bytes(request->bytes());
    c->set_sha256(request->sha256());
    c->set_format(request->format());
    c->set_notes(request->notes());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RecordQualityAssessment(
    grpc::ServerContext* context,
    const pbv1::RecordQualityAssessmentRequest* request,
    pbv1::RecordQualityAssessmentResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_record_quality_assessment();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_authenticity(request->authenticity());
    c->set_completeness(request->completeness());
    c->set_accuracy(request->accuracy());
    c->set_timeliness(request->timeliness());
    c->set_availability(request->availability());
    c->set_findings(request->findings());
    c->set_conclusion(request->conclusion());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status QueryServiceImpl::ListReleases(
    grpc::ServerContext* context, const pbv1::ListReleasesRequest* request,
    pbv1::ListReleasesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        EntryHistoryRequest query;
        query.catalog_entry_id = request->catalog_entry_id();
        query.page_size = request->page_size();
        query.page_token = request->page_token();
        ASSIGN_OR_RETURN(ReleasePage page,
                         runtime_->open_list_queries().Releases(actor, query));
        for (pbv1::Release& r : page.releases)
          *response->add_releases() = std::move(r);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListQualityAssessments(
    grpc::ServerContext* context,
    const pbv1::ListQualityAssessmentsRequest* request,
    pbv1::ListQualityAssessmentsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        EntryHistoryRequest query;
        query.catalog_entry_id = request->catalog_entry_id();
        query.page_size = request->page_size();
        query.page_token = request->page_token();
        ASSIGN_OR_RETURN(
            QualityAssessmentPage page,
            runtime_->open_list_queries().QualityAssessments(actor, query));
        for (pbv1::QualityAssessment& a : page.assessments)
          *response->add_quality_assessments() = std::move(a);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListOpenList(
    grpc::ServerContext* context, const pbv1::ListOpenListRequest* request,
    pbv1::ListOpenListResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        OpenListFilter filter = FilterOf(request->filter());
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(OpenListPage page,
                         runtime_->open_list_queries().List(actor, filter));
        for (pbv1::OpenListRow& row : page.rows)
          *response->add_rows() = std::move(row);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ExportOpenList(
    grpc::ServerContext* context, const pbv1::ExportOpenListRequest* request,
    grpc::ServerWriter<pbv1::ExportOpenListResponse>* writer) {
  return runtime_->Handle(context, [&](const pbv1::Actor&) -> absl::Status {
    const absl::Time now = runtime_->clock().Now();
    const absl::Time as_of =
        request->has_as_of() ? FromProto(request->as_of()) : now;
    const google::protobuf::Timestamp stamp = ToProto(as_of);
    return runtime_->open_list_queries().Export(
        FilterOf(request->filter()), as_of, now, request->format(),
        [&](std::string chunk) -> absl::Status {
          // Stop scanning as soon as the client gives up (deadline or
          // cancel), not only when a write fails.
          if (context->IsCancelled()) {
            return MakeError(absl::StatusCode::kCancelled, "EXPORT_CANCELLED",
                             "the client cancelled the export", {});
          }
          pbv1::ExportOpenListResponse response;
          response.set_data(std::move(chunk));
          *response.mutable_as_of() = stamp;
          if (!writer->Write(response)) {
            return MakeError(absl::StatusCode::kCancelled, "EXPORT_CANCELLED",
                             "the client stopped reading the export", {});
          }
          return absl::OkStatus();
        });
  });
}

}  // namespace opendata
