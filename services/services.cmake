# The gRPC edge: services and the server binary. Only this folder (and tests/tools that call it) includes gRPC.
add_library(opendata_services STATIC
  admin_service.cc
  application_services.cc
  audit_receipts.cc
  audit_service.cc
  authenticator.cc
  catalog_services.cc
  credit_registry.cc
  notification_services.cc
  objection_services.cc
  demand_services.cc
  organization_services.cc
  plan_services.cc
  personal_info_service.cc
  projection_rebuild_service.cc
  rate_limiter.cc
  product_services.cc
  change_services.cc
  platform_server.cc
  query_deadlines.cc
  query_supervision.cc
  release_services.cc
  search_services.cc
  takedown_services.cc
  transport_security.cc
  service_runtime.cc
  status_mapping.cc
  subject_key_cipher.cc
  user_service.cc
  work_queue_services.cc)
target_compile_options(opendata_services PRIVATE ${OPENDATA_WARNINGS})
target_include_directories(opendata_services PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(opendata_services PUBLIC
  opendata_engine opendata_storage opendata_auth opendata_grpc_proto grpc_health_proto googleapis_rpc_proto
  gRPC::grpc++ gRPC::grpc++_reflection spdlog::spdlog)

add_executable(opendata-server server_main.cc)
target_compile_options(opendata-server PRIVATE ${OPENDATA_WARNINGS})
target_compile_definitions(opendata-server PRIVATE
  OPENDATA_DEFAULT_CALENDAR_DIR="${PROJECT_SOURCE_DIR}/engine/calendar/data")
target_link_libraries(opendata-server PRIVATE opendata_services)
