// The libFuzzer entry point every target in fuzz/ defines. The same object is
// linked either with libFuzzer (clang, CESP_FUZZ=ON) or with replay_main.cpp
// (any compiler), which feeds it the seed corpus and the saved crashers.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
