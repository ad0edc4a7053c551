# jining.opendata.v1: messages (no gRPC) for engine and storage, and services (gRPC stubs) for services/.
set(OPENDATA_PROTO_ROOT ${CMAKE_CURRENT_SOURCE_DIR})

opendata_proto_library(NAME opendata_proto SRC_ROOT ${OPENDATA_PROTO_ROOT}
  PROTOS jining/opendata/v1/common.proto
         jining/opendata/v1/applications.proto
         jining/opendata/v1/objections.proto
         jining/opendata/v1/demands.proto
         jining/opendata/v1/personal_info.proto
         jining/opendata/v1/catalog_changes.proto
         jining/opendata/v1/catalog.proto
         jining/opendata/v1/search.proto
         jining/opendata/v1/work_items.proto
         jining/opendata/v1/releases.proto
         jining/opendata/v1/open_list.proto
         jining/opendata/v1/deadlines.proto
         jining/opendata/v1/supervision.proto
         jining/opendata/v1/plans.proto
         jining/opendata/v1/organizations.proto
         jining/opendata/v1/products.proto
         jining/opendata/v1/events.proto
         jining/opendata/v1/notifications.proto
         jining/opendata/v1/commands.proto
         jining/opendata/v1/store.proto
         jining/opendata/v1/audit.proto
         jining/opendata/v1/receipts.proto
         jining/opendata/v1/server_config.proto)

opendata_proto_library(NAME opendata_grpc_proto GRPC SRC_ROOT ${OPENDATA_PROTO_ROOT}
  PROTOS jining/opendata/v1/admin_service.proto
         jining/opendata/v1/provider_service.proto
         jining/opendata/v1/reviewer_service.proto
         jining/opendata/v1/query_service.proto
         jining/opendata/v1/application_rpc.proto
         jining/opendata/v1/product_rpc.proto
         jining/opendata/v1/user_service.proto
         jining/opendata/v1/audit_service.proto
  DEPS opendata_proto)
