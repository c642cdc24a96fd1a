#include "workflow/claim_owner.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

using cesp::server::claim_owner_is_gone;
using cesp::server::this_process_claim_owner;

namespace {

// The owner string a child process would have written, taken from the child
// itself, then the child's exit status.
std::string owner_of_a_finished_child() {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string owner = this_process_claim_owner();  // computed in the child: its own pid
    (void)!write(pipe_fds[1], owner.data(), owner.size());
    _exit(0);
  }
  close(pipe_fds[1]);
  char buffer[512];
  const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(n > 0);
  return std::string(buffer, static_cast<std::size_t>(n));
}

}  // namespace

TEST_CASE("A claim owner names this host, this pid and its start time", "[claim_owner]") {
  std::istringstream parts(this_process_claim_owner());
  std::string host, start;
  long pid = 0;
  REQUIRE(parts >> host >> pid >> start);
  CHECK(pid == static_cast<long>(getpid()));
  CHECK_FALSE(start.empty());
  CHECK_FALSE(claim_owner_is_gone(this_process_claim_owner()));
}

TEST_CASE("A claim of a process that ended is gone; others are respected", "[claim_owner]") {
  std::istringstream mine(this_process_claim_owner());
  std::string host;
  mine >> host;

  CHECK(claim_owner_is_gone(owner_of_a_finished_child()));
  // The parent of this test is alive, but with another start time its pid
  // names a different (earlier, ended) process.
  const std::string parent = std::to_string(static_cast<long>(getppid()));
  CHECK(claim_owner_is_gone(host + " " + parent + " 1"));
  // Unknown hosts, empty and malformed owners: never presumed dead.
  CHECK_FALSE(claim_owner_is_gone("another-host 1 1"));
  CHECK_FALSE(claim_owner_is_gone(""));
  CHECK_FALSE(claim_owner_is_gone(host));
  CHECK_FALSE(claim_owner_is_gone(host + " not-a-pid 5"));
}
