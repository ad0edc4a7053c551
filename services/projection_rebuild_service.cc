// AdminService.RebuildProjection: rebuilds the chosen projection families
// online (engine/replay/online_rebuild.h) while the server keeps accepting
// commands, logs what each rebuild found with spdlog, and reports it.
// Thread-safety: safe for concurrent handlers; concurrent rebuilds each
// replace atomically against the head they folded to.
#include <vector>

#include "common/status_macros.h"
#include "engine/replay/online_rebuild.h"
#include "services/admin_service.h"
#include "spdlog/spdlog.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

grpc::Status AdminServiceImpl::RebuildProjection(
    grpc::ServerContext* context, const pb::RebuildProjectionRequest* request,
    pb::RebuildProjectionResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::vector<const ProjectionFamily*> families,
        ResolveRebuildTarget(actor, request->projection(), request->all()));
    OnlineRebuild rebuild(store_);
    for (const ProjectionFamily* family : families) {
      absl::StatusOr<FamilyRebuildReport> report = rebuild.Rebuild(*family);
      if (!report.ok()) {
        spdlog::error("projection rebuild of {} by {} failed: {}", family->name,
                      actor.subject(), report.status().ToString());
        return report.status();
      }
      const ProjectionReplacement& r = report->replacement;
      spdlog::info(
          "projection {} rebuilt by {} as of sequence {}: {} rows scanned, {} "
          "missing, {} extra, {} different, {} retries, {} events folded in "
          "the "
          "writer",
          family->name, actor.subject(), report->as_of_sequence, r.scanned,
          r.missing, r.extra, r.different, report->retries,
          report->folded_in_writer);
      pb::ProjectionRebuildResult* result = response->add_results();
      result->set_projection(family->name);
      result->set_rows_scanned(r.scanned);
      result->set_rows_missing(r.missing);
      result->set_rows_extra(r.extra);
      result->set_rows_different(r.different);
      result->set_as_of_sequence(report->as_of_sequence);
      result->set_retries(report->retries);
    }
    return absl::OkStatus();
  });
}

}  // namespace opendata
