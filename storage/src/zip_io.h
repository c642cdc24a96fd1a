// The Poco::Zip adapter: whole small archives in memory, bounded on read.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace cesp::storage {

// path inside the zip -> bytes. Written to a temporary file, fsynced, renamed.
void write_zip(const std::filesystem::path& out, const std::map<std::string, std::string>& files);

// Reads every file entry. Throws Error(invalid_argument) for a malformed zip,
// Error(too_large) past max_entries or max_total_bytes (zip bombs).
std::map<std::string, std::string> read_zip(const std::filesystem::path& in, std::size_t max_entries = 100000,
                                            std::size_t max_total_bytes = std::size_t{2} << 30);

}  // namespace cesp::storage
