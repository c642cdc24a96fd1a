#include "zip_io.h"

#include <Poco/DateTime.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cesp/core/error.h"

namespace cesp::storage {

void write_zip(const std::filesystem::path& out, const std::map<std::string, std::string>& files) {
  const std::filesystem::path temp = out.string() + ".part";
  try {
    std::ofstream stream(temp, std::ios::binary | std::ios::trunc);
    if (!stream) throw Error(ErrorCode::io_error, temp.string());
    Poco::Zip::Compress compress(stream, true);
    const Poco::DateTime now;
    for (const auto& [name, bytes] : files) {
      std::istringstream in(bytes);
      compress.addFile(in, now, Poco::Path(name, Poco::Path::PATH_UNIX), Poco::Zip::ZipCommon::CM_DEFLATE,
                       Poco::Zip::ZipCommon::CL_NORMAL);
    }
    compress.close();
    stream.close();
    if (!stream) throw Error(ErrorCode::io_error, temp.string());
  } catch (const Poco::Exception& e) {
    std::filesystem::remove(temp);
    throw Error(ErrorCode::io_error, temp.string() + ": " + e.displayText());
  }
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(temp, out);
}

std::map<std::string, std::string> read_zip(const std::filesystem::path& path, std::size_t max_entries,
                                            std::size_t max_total_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, path.string());
  std::map<std::string, std::string> files;
  try {
    Poco::Zip::ZipArchive archive(in);
    std::size_t total = 0;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
      if (!it->second.isFile()) continue;
      if (files.size() >= max_entries)
        throw Error(ErrorCode::too_large, path.string() + ": too many entries");
      Poco::Zip::ZipInputStream zin(in, it->second, true);
      std::string bytes;
      char buffer[1 << 16];
      while (zin.read(buffer, sizeof buffer) || zin.gcount() > 0) {
        total += static_cast<std::size_t>(zin.gcount());
        if (total > max_total_bytes)
          throw Error(ErrorCode::too_large, path.string() + ": expands beyond the limit");
        bytes.append(buffer, static_cast<std::size_t>(zin.gcount()));
      }
      files[it->first] = std::move(bytes);
    }
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_argument, "archive zip illisible", "unreadable zip",
                path.string() + ": " + e.displayText());
  }
  return files;
}

}  // namespace cesp::storage
