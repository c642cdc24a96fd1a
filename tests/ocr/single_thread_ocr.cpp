// The in-process OCR tests must run Tesseract on one OpenMP thread, as the
// worker processes do: libgomp reads OMP_THREAD_LIMIT when it is loaded,
// before main, so a test binary started without it re-executes itself once
// with it (otherwise each recognition spins 2 threads and the whole binary
// costs several times its CPU on CI's shared cores).
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

const bool single_threaded = [] {
  if (std::getenv("OMP_THREAD_LIMIT")) return true;
  setenv("OMP_THREAD_LIMIT", "1", 1);
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = all.find('\0', start);
    args.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (!args.empty()) execv("/proc/self/exe", argv.data());
  return false;  // exec failed: run as is
}();

}  // namespace
