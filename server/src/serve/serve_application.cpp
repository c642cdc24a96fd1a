#include "serve/serve_application.h"

#include <Poco/Util/ServerApplication.h>
#include <signal.h>
#include <sys/stat.h>

#include <exception>
#include <fstream>
#include <vector>

#include "cesp/core/error.h"
#include "cesp/core/json_text.h"

namespace cesp::server {
namespace {

class ServeApplication final : public Poco::Util::ServerApplication {
 public:
  ServeApplication(const ServerOptions& options, const ServeHooks& hooks)
      : options_(options), hooks_(hooks) {}

  std::exception_ptr failure() const { return failure_; }

 protected:
  int main(const std::vector<std::string>&) override {
    try {
      // Poco's daemon leaves umask(0): our data files must not be world-writable.
      if (config().getBool("application.runAsDaemon", false)) ::umask(027);
      // Block the termination signals before any thread exists, so that every
      // thread inherits the mask and only waitForTerminationRequest() sees them
      // (Poco blocks them only when it starts waiting, too late for threads
      // started earlier, where a SIGTERM would kill the process outright).
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGINT);
      sigaddset(&set, SIGQUIT);
      sigaddset(&set, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &set, nullptr);

      HttpServer server(options_);
      server.start();
      if (hooks_.started) hooks_.started(server);
      waitForTerminationRequest();
      if (hooks_.stopping) hooks_.stopping();
      server.stop();
      return EXIT_OK;
    } catch (...) {
      failure_ = std::current_exception();
      if (config().getBool("application.runAsDaemon", false)) report_daemon_failure();
      return EXIT_SOFTWARE;
    }
  }

 private:
  // A daemon's stderr is /dev/null: say why it stopped in the log file, if any.
  void report_daemon_failure() const {
    if (options_.log_file.empty()) return;
    std::string message = "erreur inconnue";
    try {
      std::rethrow_exception(failure_);
    } catch (const Error& e) {
      message = e.message_fr() + (e.context().empty() ? "" : " — " + e.context()) + " [" +
                std::string(e.code_name()) + "]";
    } catch (const std::exception& e) {
      message = e.what();
    } catch (...) {
    }
    std::ofstream(options_.log_file, std::ios::app)
        << "{\"level\":\"error\",\"event\":\"startup_failed\",\"message\":" << json_quote(message) << "}\n";
  }

  const ServerOptions& options_;
  const ServeHooks& hooks_;
  std::exception_ptr failure_;
};

}  // namespace

int run_server_application(const ServerOptions& options, const ProcessOptions& process,
                           const ServeHooks& hooks) {
  std::vector<std::string> argv = {"cesp"};
  if (process.daemon) argv.push_back("--daemon");
  if (!process.pidfile.empty()) argv.push_back("--pidfile=" + process.pidfile);
  ServeApplication app(options, hooks);
  const int rc = app.run(argv);
  if (app.failure()) std::rethrow_exception(app.failure());
  if (rc != 0) {
    // Poco refused its own options (it has logged why on stderr).
    throw Error(ErrorCode::usage, "démarrage du serveur impossible (code " + std::to_string(rc) + ")",
                "the server could not start (code " + std::to_string(rc) + ")");
  }
  return 0;
}

}  // namespace cesp::server
