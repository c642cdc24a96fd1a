#include <iostream>

#include "cesp/server/cli.h"

int main(int argc, char** argv) { return cesp::server::run_cli(argc, argv, std::cout, std::cerr); }
