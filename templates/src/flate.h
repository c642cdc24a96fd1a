// zlib deflate for PDF streams (FlateDecode). We compress ourselves rather
// than through PoDoFo so that the level is ours: level 1 keeps documents
// small enough while rendering several times faster than the default 6.
#pragma once

#include <string>
#include <string_view>

namespace cesp::templates {

std::string deflate_bytes(std::string_view data, int level = 1);

}  // namespace cesp::templates
