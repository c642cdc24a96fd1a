// The child of the crash test (crash_test.cpp): writes to an archive as fast
// as it can (pièces, contract revisions, holds, seals) and reports each
// commit on stdout ("committed ID SHA256") only after it returned, until it
// is killed. Usage: storage_crash_writer DB_URI BLOB_DIR PKI_DIR SEED
#include <cstdio>
#include <iostream>
#include <random>
#include <string>

#include "cesp/core/error.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/tsa_responder.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/database.h"

using namespace cesp::storage;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: storage_crash_writer DB_URI BLOB_DIR PKI_DIR SEED\n";
    return 2;
  }
  try {
    const auto pki = cesp::signing::create_dev_pki(argv[3]);
    auto responder =
        std::make_shared<cesp::signing::TsaResponder>(pki.tsa.key_pem, pki.tsa.cert_pem, pki.chain_pem);
    ArchiveOptions options;
    options.database = Database::open(argv[1]);
    options.blob_dir = argv[2];
    options.tsa = cesp::signing::make_local_timestamp_authority(responder);
    Archive archive(options);
    std::mt19937_64 rng(std::stoull(argv[4]));
    std::cout << "ready" << std::endl;
    const Actor actor{"crash-writer", "system"};
    static const char* const kStages[] = {"draft", "signed_by_candidate", "countersigned", "lta"};
    for (std::uint64_t n = 0;; ++n) {
      const std::string beneficiary = "B-" + std::to_string(rng() % 20);
      const int what = static_cast<int>(rng() % 10);
      if (what == 0) {
        try {
          if (archive.on_hold(beneficiary)) {
            archive.release_hold(beneficiary, "crash test", actor);
          } else {
            archive.place_hold(beneficiary, "crash test", actor);
          }
        } catch (const cesp::Error&) {
          // Another state than expected: fine for this test.
        }
        continue;
      }
      if (what == 1) {
        archive.seal();
        continue;
      }
      NewItem item;
      item.beneficiary = beneficiary;
      item.kind = what < 6 ? ItemKind::piece : ItemKind::contract;
      item.stage = item.kind == ItemKind::contract ? kStages[rng() % 4] : "";
      item.content = "%PDF-1.7\n" + std::to_string(rng()) + std::string(rng() % 20000, 'x') + "\n%%EOF\n";
      item.label = "doc.pdf";
      const AddResult result = archive.add(item, actor);
      std::cout << "committed " << result.item.id << " " << result.item.sha256 << std::endl;
    }
  } catch (const std::exception& e) {
    std::cerr << "storage_crash_writer: " << e.what() << "\n";
    return 1;
  }
}
