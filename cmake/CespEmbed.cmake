# cesp_embed_text(TARGET NAMESPACE FUNCTION FILE)
# Compiles the content of FILE into TARGET as
#   std::string_view <NAMESPACE>::<FUNCTION>()
# declared in the generated header embedded/<FUNCTION>.h, so that the binary
# carries its own copy (no install paths to get wrong).
function(cesp_embed_text target namespace function file)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/generated/embedded)
  set(header ${out_dir}/${function}.h)
  set(source ${out_dir}/${function}.cpp)
  add_custom_command(
    OUTPUT ${source} ${header}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DHEADER=${header} -DSOURCE=${source}
            -DNAMESPACE=${namespace} -DFUNCTION=${function} -P ${PROJECT_SOURCE_DIR}/cmake/CespEmbedRun.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/CespEmbedRun.cmake
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE ${source})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
endfunction()
