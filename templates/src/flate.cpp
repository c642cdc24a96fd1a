#include "flate.h"

#include <zlib.h>

#include "cesp/core/error.h"

namespace cesp::templates {
namespace {

// One deflate state per thread, reset between streams: initialising zlib
// allocates ~270 KB of fresh, zeroed memory, which costs more than
// compressing a page.
class Deflater {
 public:
  Deflater() {
    if (deflateInit(&stream_, 1) != Z_OK) throw Error(ErrorCode::internal, "zlib deflateInit");
    level_ = 1;
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string run(std::string_view data, int level) {
    if (deflateReset(&stream_) != Z_OK) throw Error(ErrorCode::internal, "zlib deflateReset");
    if (level != level_) {
      if (deflateParams(&stream_, level, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error(ErrorCode::internal, "zlib params");
      level_ = level;
    }
    std::string out(deflateBound(&stream_, uLong(data.size())), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = uInt(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = uInt(out.size());
    if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) throw Error(ErrorCode::internal, "zlib deflate");
    out.resize(out.size() - stream_.avail_out);
    return out;
  }

 private:
  z_stream stream_{};
  int level_ = 1;
};

}  // namespace

std::string deflate_bytes(std::string_view data, int level) {
  thread_local Deflater deflater;
  return deflater.run(data, level);
}

}  // namespace cesp::templates
