# Script mode helper of cesp_embed_text: writes HEADER and SOURCE from INPUT.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${HEADER} "#pragma once\n#include <string_view>\nnamespace ${NAMESPACE} {\nstd::string_view ${FUNCTION}();\n}\n")
file(WRITE ${SOURCE} "#include \"embedded/${FUNCTION}.h\"\nnamespace ${NAMESPACE} {\nnamespace {\nconst char kData[] = {${bytes} '\\0'};\n}\nstd::string_view ${FUNCTION}() { return {kData, sizeof kData - 1}; }\n}\n")
