// core/cost_meter.h — the time a piece of work took, summed over its runs: the insights' own cost
// (signature grouping, the overview ruler's bins) as state() reports it to the benchmarks
// (docs/test-contract.md, tests/bench/live.mjs; docs/performance.md). steady_clock is
// performance.now() in the browser, so a figure is wall time on the main thread, which is its CPU
// time there (nothing else runs on it meanwhile).
#pragma once

#include <chrono>
#include <cstdint>

namespace core {

class CostMeter {
public:
    // Adds the time from its construction to its end to `meter`.
    class Scope {
    public:
        explicit Scope(CostMeter& meter)
            : meter_(meter), start_(std::chrono::steady_clock::now()) {}
        ~Scope() {
            meter_.ns_ +=
                static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now() - start_)
                                          .count());
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        CostMeter& meter_;
        std::chrono::steady_clock::time_point start_;
    };

    double ms() const { return static_cast<double>(ns_) / 1e6; }

private:
    uint64_t ns_ = 0;
};

}  // namespace core
