// Test support: one SoftHSM2 token per test process ("cesp-test", user PIN
// 1234) in a private directory (SOFTHSM2_CONF is set for the process).
#pragma once

#include <filesystem>
#include <string>

namespace cesp::test {

// Imports the PEM private key into the token under `label` (once per label;
// `id_hex` is its CKA_ID, e.g. "01") and returns its URI
// "pkcs11:token=cesp-test;object=<label>;type=private" (no PIN in it).
std::string softhsm_key(const std::string& label, const std::filesystem::path& key_pem,
                        const std::string& id_hex);

}  // namespace cesp::test
