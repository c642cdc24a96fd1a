// Seals the archive journal periodically: every interval, the entries added
// since the last seal get an RFC 3161 timestamp over their Merkle root,
// chained to the previous seal (Archive::seal). A failed seal (TSA down) is
// logged and retried at the next tick; nothing is lost, the entries simply
// wait for the next seal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace cesp::storage {
class Archive;
}

namespace cesp::server {

class JournalSealer {
 public:
  JournalSealer(std::shared_ptr<storage::Archive> archive, std::chrono::milliseconds interval);
  // Stops the thread after a last seal attempt, so entries written just
  // before a clean shutdown are sealed too.
  ~JournalSealer();
  JournalSealer(const JournalSealer&) = delete;
  JournalSealer& operator=(const JournalSealer&) = delete;

 private:
  void run();
  void seal_once();

  std::shared_ptr<storage::Archive> archive_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cesp::server
