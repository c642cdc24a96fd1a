# Helpers that give every target of ours the same warnings and layout.

# Warnings apply to our own code only; third-party headers come in as SYSTEM.
function(cesp_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# cesp_library(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Creates cesp_<NAME> (alias cesp::<NAME>) with public headers in
# <folder>/include and private sources in <folder>/src.
# A folder whose implementation has not landed yet has no SOURCES; it is then
# an INTERFACE target so that the dependency graph is already stated.
function(cesp_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT ARG_SOURCES)
    add_library(cesp_${name} INTERFACE)
    add_library(cesp::${name} ALIAS cesp_${name})
    target_include_directories(cesp_${name} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(cesp_${name} INTERFACE ${ARG_PUBLIC_DEPS})
    return()
  endif()
  add_library(cesp_${name} STATIC ${ARG_SOURCES})
  add_library(cesp::${name} ALIAS cesp_${name})
  target_include_directories(cesp_${name}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(cesp_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  cesp_warnings(cesp_${name})
endfunction()

# cesp_test(NAME SOURCES ... DEPS ... [LABELS ...])
# One Catch2 binary per library; each TEST_CASE becomes a CTest test.
function(cesp_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE cesp_test_main ${ARG_DEPS})
  target_compile_definitions(${name} PRIVATE
    CESP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CESP_BINARY_DIR="${PROJECT_BINARY_DIR}")
  cesp_warnings(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  catch_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
    PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
