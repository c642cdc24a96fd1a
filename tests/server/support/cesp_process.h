// The built `cesp` binary run as a child process (end-to-end tests of
// `cesp serve`): reads its console output line by line, sends it signals.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <signal.h>

#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace cesp::test {

class CespProcess {
 public:
  explicit CespProcess(const std::vector<std::string>& args)
      : handle_(Poco::Process::launch(CESP_EXE, args, nullptr, &out_pipe_, &err_pipe_)),
        out_(out_pipe_),
        err_(err_pipe_) {}

  ~CespProcess() {
    if (!exit_code_) {
      ::kill(handle_.id(), SIGKILL);
      handle_.wait();
    }
  }

  // Reads stdout until a line matching `pattern`; returns its first capture
  // group (or the whole line), or nullopt at end of output.
  std::optional<std::string> read_until(const std::string& pattern) {
    const std::regex re(pattern);
    std::string line;
    while (std::getline(out_, line)) {
      output_ += line + "\n";
      std::smatch m;
      if (std::regex_search(line, m, re)) return m.size() > 1 ? m[1].str() : line;
    }
    return std::nullopt;
  }

  // The port of the "serveur démarré sur http(s)://HOST:PORT/" banner line.
  int wait_for_port() {
    auto port = read_until(R"(serveur démarré sur https?://[^:]+:(\d+)/)");
    return port ? std::stoi(*port) : -1;
  }

  void signal(int sig) { ::kill(handle_.id(), sig); }

  // Waits for the exit; the remaining stdout and stderr are then available.
  int wait() {
    std::string line;
    while (std::getline(out_, line)) output_ += line + "\n";
    while (std::getline(err_, line)) errors_ += line + "\n";
    exit_code_ = handle_.wait();
    return *exit_code_;
  }

  int pid() const { return handle_.id(); }
  const std::string& output() const { return output_; }
  const std::string& errors() const { return errors_; }

 private:
  Poco::Pipe out_pipe_, err_pipe_;
  Poco::ProcessHandle handle_;
  Poco::PipeInputStream out_, err_;
  std::string output_, errors_;
  std::optional<int> exit_code_;
};

}  // namespace cesp::test
