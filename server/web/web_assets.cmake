# The web UI (server/web/*) compiled into the server library: one embedded
# string per file (cesp_embed_text) and a generated table,
# embedded/web_assets.{h,cpp}, that server/src/api/web_routes.cpp serves. The
# binary is self-contained: no install path, no separate web server.
# Included from server/CMakeLists.txt; a new asset is one line below.
set(CESP_WEB_ASSETS
  index.html
  candidat.html
  agent.html
  ars.html
  archives.html
  style.css
  app.js
  login.js
  candidat.js
  candidat-contrat.js
  agent.js
  agent-avenant.js
  ars.js
  archives.js)

set(_web_includes "")
set(_web_entries "")
foreach(asset IN LISTS CESP_WEB_ASSETS)
  string(MAKE_C_IDENTIFIER "web_${asset}" function)
  cesp_embed_text(cesp_server cesp::server::embedded ${function} ${CMAKE_CURRENT_SOURCE_DIR}/web/${asset})
  string(APPEND _web_includes "#include \"embedded/${function}.h\"\n")
  string(APPEND _web_entries "      {\"${asset}\", &${function}},\n")
endforeach()

set(_web_dir ${CMAKE_CURRENT_BINARY_DIR}/generated/embedded)
file(CONFIGURE OUTPUT ${_web_dir}/web_assets.h CONTENT [[
#pragma once
#include <string_view>
#include <vector>
namespace cesp::server::embedded {
struct WebAsset {
  std::string_view name;              // file name under server/web/
  std::string_view (*content)();
};
const std::vector<WebAsset>& web_assets();
}
]])
file(CONFIGURE OUTPUT ${_web_dir}/web_assets.cpp CONTENT [[
#include "embedded/web_assets.h"
@_web_includes@
namespace cesp::server::embedded {
const std::vector<WebAsset>& web_assets() {
  static const std::vector<WebAsset> table = {
@_web_entries@  };
  return table;
}
}
]] @ONLY)
target_sources(cesp_server PRIVATE ${_web_dir}/web_assets.cpp)
