// Who holds a claim on a contract or document, so that a claim left by a
// server that was killed in the middle of a step does not block the document
// for the whole lease.
//
// A claim records its owner as "HOST pid START", START being the process's
// start time in clock ticks since boot (/proc/PID/stat): a pid can be reused,
// the pair cannot. Only a claim made on this host can be proven abandoned;
// claims from other hosts (several servers on one PostgreSQL) still expire
// with their lease.
#pragma once

#include <string>
#include <string_view>

namespace cesp::storage {
class Transaction;
}

namespace cesp::server {

// The owner string of the calling process.
std::string this_process_claim_owner();

// True when `owner` names a process of this host that is no longer running.
// False for this process, for live processes, for other hosts and for owners
// it cannot parse (an unknown claim is respected until its lease ends).
bool claim_owner_is_gone(const std::string& owner);

// The claim columns (version, busy_until, busy_owner) of a row of `table`
// (contracts, signable_documents), inside `tx`, which the caller holds
// serialized on the row. True when no live owner holds a claim on it.
bool row_claim_is_free(storage::Transaction& tx, std::string_view table, const std::string& id);
// Records this process's claim on the row for `seconds` and bumps its version.
void record_row_claim(storage::Transaction& tx, std::string_view table, const std::string& id, int seconds);

}  // namespace cesp::server
