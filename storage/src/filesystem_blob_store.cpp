// The filesystem blob store. Durability recipe: write a temporary file,
// fsync it, rename it over its final name (atomic), fsync the directory so
// the rename itself survives a power cut.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/blob_store.h"

namespace cesp::storage {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw Error(ErrorCode::io_error, what + " " + path.string() + ": " + std::strerror(errno));
}

struct FileDescriptor {
  int fd = -1;
  explicit FileDescriptor(int f) : fd(f) {}
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
};

void fsync_directory(const fs::path& dir) {
  FileDescriptor d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd < 0) throw_errno("open", dir);
  if (::fsync(d.fd) != 0) throw_errno("fsync", dir);
}

// Creates dir (and missing parents), fsyncing each new entry's parent.
void ensure_directory(const fs::path& dir) {
  if (fs::is_directory(dir)) return;
  ensure_directory(dir.parent_path());
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) throw_errno("mkdir", dir);
  fsync_directory(dir.parent_path());
}

std::string temporary_name() {
  static std::atomic<std::uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rng()) + ".part";
}

class FilesystemBlobStore : public BlobStore {
 public:
  explicit FilesystemBlobStore(fs::path root) : root_(std::move(root)) {
    ensure_directory(root_ / "sha256");
    ensure_directory(root_ / "tmp");
  }

  std::string put(std::string_view bytes) override {
    const std::string address = to_hex(sha256(bytes));
    const fs::path final_path = path_of(address);
    if (fs::exists(final_path)) return address;
    const fs::path temp = root_ / "tmp" / temporary_name();
    {
      FileDescriptor f(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444));
      if (f.fd < 0) throw_errno("create", temp);
      std::size_t written = 0;
      while (written < bytes.size()) {
        ssize_t n = ::write(f.fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          ::unlink(temp.c_str());
          throw_errno("write", temp);
        }
        written += static_cast<std::size_t>(n);
      }
      if (::fsync(f.fd) != 0) {
        ::unlink(temp.c_str());
        throw_errno("fsync", temp);
      }
    }
    ensure_directory(final_path.parent_path());
    if (::rename(temp.c_str(), final_path.c_str()) != 0) {
      ::unlink(temp.c_str());
      throw_errno("rename", final_path);
    }
    fsync_directory(final_path.parent_path());
    return address;
  }

  std::optional<std::string> get(const std::string& address) override {
    if (!is_blob_address(address)) return std::nullopt;
    FileDescriptor f(::open(path_of(address).c_str(), O_RDONLY | O_CLOEXEC));
    if (f.fd < 0) {
      if (errno == ENOENT) return std::nullopt;
      throw_errno("open", path_of(address));
    }
    std::string out;
    char buffer[1 << 16];
    for (;;) {
      ssize_t n = ::read(f.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read", path_of(address));
      if (n == 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

  bool contains(const std::string& address) override {
    return is_blob_address(address) && fs::exists(path_of(address));
  }

  std::optional<std::int64_t> size(const std::string& address) override {
    if (!is_blob_address(address)) return std::nullopt;
    struct stat st {};
    if (::stat(path_of(address).c_str(), &st) != 0) return std::nullopt;
    return static_cast<std::int64_t>(st.st_size);
  }

  void remove(const std::string& address) override {
    if (!is_blob_address(address)) return;
    const fs::path p = path_of(address);
    if (::unlink(p.c_str()) != 0) {
      if (errno == ENOENT) return;
      throw_errno("unlink", p);
    }
    fsync_directory(p.parent_path());
  }

  std::vector<std::string> list() override {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_ / "sha256", ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) throw Error(ErrorCode::io_error, (root_ / "sha256").string() + ": " + ec.message());
      if (it->is_regular_file()) out.push_back(it->path().filename().string());
    }
    return out;
  }

  std::optional<std::string> rehash(const std::string& address, std::int64_t* bytes_read) override {
    if (!is_blob_address(address)) return std::nullopt;
    const fs::path p = path_of(address);
    FileDescriptor f(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
    if (f.fd < 0) {
      if (errno == ENOENT) return std::nullopt;
      throw_errno("open", p);
    }
    ::posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256Hasher hasher;
    thread_local std::vector<char> buffer(1 << 20);
    for (;;) {
      ssize_t n = ::read(f.fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read", p);
      if (n == 0) break;
      hasher.update(buffer.data(), static_cast<std::size_t>(n));
      if (bytes_read) *bytes_read += n;
    }
    return to_hex(hasher.finish());
  }

  std::string describe() const override { return "filesystem:" + root_.string(); }

 private:
  fs::path path_of(const std::string& address) const {
    return root_ / "sha256" / address.substr(0, 2) / address;
  }
  fs::path root_;
};

}  // namespace

bool is_blob_address(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::unique_ptr<BlobStore> make_filesystem_blob_store(const fs::path& root) {
  return std::make_unique<FilesystemBlobStore>(root);
}

int sweep_filesystem_blob_temporaries(const fs::path& root, std::chrono::seconds min_age) {
  int removed = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) {
    auto written = entry.last_write_time(ec);
    if (ec || now - written < min_age) continue;
    if (fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace cesp::storage
