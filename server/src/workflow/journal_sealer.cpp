#include "workflow/journal_sealer.h"

#include <iostream>

#include "cesp/storage/archive.h"

namespace cesp::server {

JournalSealer::JournalSealer(std::shared_ptr<storage::Archive> archive, std::chrono::milliseconds interval)
    : archive_(std::move(archive)), interval_(interval), thread_([this] { run(); }) {}

JournalSealer::~JournalSealer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  seal_once();
}

void JournalSealer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    seal_once();
    lock.lock();
  }
}

void JournalSealer::seal_once() {
  try {
    archive_->seal();
  } catch (const std::exception& e) {
    std::cerr << "cesp: scellement du journal reporté: " << e.what() << "\n";
  }
}

}  // namespace cesp::server
