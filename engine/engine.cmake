# The engine library. Depends on generated protobuf messages and the storage *interface* only.
add_library(opendata_engine STATIC
  authz.cc
  calendar_records.cc
  regions.cc
  access/access_decision.cc
  applications/agreement_decider.cc
  applications/application_common.cc
  applications/application_decider.cc
  applications/application_rules.cc
  applications/application_state.cc
  catalog/catalog_decider.cc
  catalog/catalog_state.cc
  catalog/catalog_validation.cc
  catalog/change_decider.cc
  catalog/change_fold.cc
  catalog/decider_common.cc
  catalog/industry_decider.cc
  catalog/release_decider.cc
  catalog/release_state.cc
  catalog/submission_rules.cc
  catalog/takedown_decider.cc
  demands/demand_decider.cc
  demands/demand_rules.cc
  demands/demand_state.cc
  organizations/organization_decider.cc
  organizations/organization_state.cc
  plans/city_plan_decider.cc
  plans/plan_decider.cc
  plans/plan_rules.cc
  plans/plan_state.cc
  deadlines/deadline_book.cc
  deadlines/deadline_scheduler.cc
  query/deadline_queries.cc
  query/demand_queries.cc
  pipeline/calendar_load.cc
  pipeline/command_pipeline.cc
  pipeline/demand_inputs.cc
  pipeline/envelopes.cc
  pipeline/stream_kinds.cc
  projections/application_projection.cc
  projections/catalog_projection.cc
  projections/deadline_projection.cc
  projections/demand_projection.cc
  projections/organization_projection.cc
  projections/plan_projection.cc
  projections/open_list_projection.cc
  projections/projection_rows.cc
  projections/release_projection.cc
  projections/stream_view.cc
  query/application_queries.cc
  query/catalog_queries.cc
  query/organization_queries.cc
  query/change_queries.cc
  query/open_list_export.cc
  query/open_list_queries.cc
  query/page_token.cc
  query/plan_queries.cc
  replay/rebuild.cc)
target_compile_options(opendata_engine PRIVATE ${OPENDATA_WARNINGS})
target_include_directories(opendata_engine PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(opendata_engine PUBLIC opendata_calendar opendata_common opendata_proto
  absl::status absl::statusor absl::strings absl::time)
