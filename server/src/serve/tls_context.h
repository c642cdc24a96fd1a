// The HTTPS side of `cesp serve` (Poco NetSSL over OpenSSL 3). Only this file
// and tls_context.cpp know about Poco::Net::Context.
#pragma once

#include <Poco/Net/Context.h>

#include "cesp/server/http_server.h"

namespace cesp::server {

// A server TLS context from tls_certificate_file / tls_private_key_file
// (PEM), TLS 1.2 minimum, forward-secret ciphers only. With
// tls_client_ca_file, clients must present a certificate issued by one of
// those CAs. Throws Error(usage) naming the key when a file is missing,
// unreadable, not a certificate/key, or when the key does not match the
// certificate: the server refuses to start rather than serve a broken TLS.
Poco::Net::Context::Ptr make_server_tls_context(const ServerOptions& options);

}  // namespace cesp::server
