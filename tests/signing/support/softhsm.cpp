#include "support/softhsm.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>

#include "support/dev_services.h"

namespace cesp::test {

std::string softhsm_key(const std::string& label, const std::filesystem::path& key_pem,
                        const std::string& id_hex) {
  static std::mutex mutex;
  static std::set<std::string> imported;
  static std::filesystem::path dir;
  std::lock_guard<std::mutex> lock(mutex);
  std::string out;
  if (dir.empty()) {
    dir = scratch_dir("softhsm");
    std::filesystem::create_directories(dir / "tokens");
    std::ofstream(dir / "softhsm2.conf") << "directories.tokendir = " << (dir / "tokens").string()
                                         << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", (dir / "softhsm2.conf").c_str(), 1);
    if (run_command("softhsm2-util --init-token --free --label cesp-test --pin 1234 --so-pin 5678", out) !=
        0) {
      FAIL("softhsm2-util --init-token: " << out);
    }
  }
  const std::string uri = "pkcs11:token=cesp-test;object=" + label + ";type=private";
  if (imported.count(label)) return uri;
  const auto pk8 = dir / (label + ".pk8");
  if (run_command("openssl pkcs8 -topk8 -nocrypt -in " + key_pem.string() + " -out " + pk8.string(), out) !=
          0 ||
      run_command("softhsm2-util --import " + pk8.string() + " --token cesp-test --label " + label +
                      " --id " + id_hex + " --pin 1234",
                  out) != 0) {
    FAIL("softhsm2-util --import: " << out);
  }
  imported.insert(label);
  return uri;
}

}  // namespace cesp::test
