# opendata_proto_library(NAME <target> SRC_ROOT <dir> PROTOS <relative paths...>
#                        [IMPORT_DIRS <dirs...>] [GRPC] [DEPS <targets...>])
#
# Compiles .proto files (paths relative to SRC_ROOT) into a static library. With GRPC, the gRPC stubs are
# generated too. CMake's protobuf_generate gets output paths wrong for protos outside the source folder, so this
# is a plain add_custom_command.
function(opendata_proto_library)
  cmake_parse_arguments(P "GRPC" "NAME;SRC_ROOT" "PROTOS;IMPORT_DIRS;DEPS" ${ARGN})
  set(out_dir ${CMAKE_BINARY_DIR}/gen)
  set(include_args -I${P_SRC_ROOT})
  foreach(dir ${P_IMPORT_DIRS})
    list(APPEND include_args -I${dir})
  endforeach()
  set(srcs)
  foreach(proto ${P_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" base ${proto})
    set(outs ${out_dir}/${base}.pb.cc ${out_dir}/${base}.pb.h)
    set(plugin_args)
    if(P_GRPC)
      list(APPEND outs ${out_dir}/${base}.grpc.pb.cc ${out_dir}/${base}.grpc.pb.h)
      set(plugin_args --grpc_out=${out_dir}
                      --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND protobuf::protoc ${include_args} --cpp_out=${out_dir} ${plugin_args}
              ${P_SRC_ROOT}/${proto}
      DEPENDS ${P_SRC_ROOT}/${proto} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND srcs ${outs})
  endforeach()
  add_library(${P_NAME} STATIC ${srcs})
  target_include_directories(${P_NAME} PUBLIC ${out_dir})
  target_link_libraries(${P_NAME} PUBLIC protobuf::libprotobuf ${P_DEPS})
  if(P_GRPC)
    target_link_libraries(${P_NAME} PUBLIC gRPC::grpc++)
  endif()
endfunction()
