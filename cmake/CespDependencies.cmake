# Every third-party dependency is found here once, as an imported target, so
# that library folders only name targets. All come from Debian 12 packages
# (see scripts/install-deps.sh).

find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(CURL REQUIRED)
find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Util Net NetSSL Crypto JSON XML Zip JWT Data DataSQLite DataPostgreSQL)
find_package(Catch2 2 REQUIRED)
include(Catch)

find_package(PkgConfig REQUIRED)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract>=5)
pkg_check_modules(LEPTONICA REQUIRED IMPORTED_TARGET lept)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# Intake decoders (ingest/): PDF pages rendered by poppler, HEIC photos, EXIF orientation.
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(LIBHEIF REQUIRED IMPORTED_TARGET libheif)
pkg_check_modules(LIBEXIF REQUIRED IMPORTED_TARGET libexif)

# PoDoFo 0.9.8 ships a .pc file in /usr/lib/pkgconfig whose requirements do not
# always resolve; find the header and library directly instead.
find_path(PODOFO_INCLUDE_DIR podofo/podofo.h REQUIRED)
find_library(PODOFO_LIBRARY podofo REQUIRED)
add_library(cesp_third_party_podofo INTERFACE)
target_include_directories(cesp_third_party_podofo SYSTEM INTERFACE ${PODOFO_INCLUDE_DIR})
target_link_libraries(cesp_third_party_podofo INTERFACE ${PODOFO_LIBRARY})
add_library(PoDoFo::podofo ALIAS cesp_third_party_podofo)

find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(cesp_third_party_mustache INTERFACE)
target_include_directories(cesp_third_party_mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})
add_library(kainjow::mustache ALIAS cesp_third_party_mustache)
