#pragma once
// Stop signals, for both programs: Ctrl-C, a service manager's stop and a closed terminal (SIGINT, SIGTERM,
// SIGHUP) are taken by a thread of their own, blocked in every other thread. oneDNN's generated GEMM kernels,
// which the engine's convolutions run, point the stack pointer into a heap buffer while they work; a handler
// run on such a thread would push its frame into the heap and corrupt it, and the program would crash on its
// way to saving. Every thread started after the call (Qt's, LibTorch's and OpenMP's) inherits the mask. No Qt.

namespace app {

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and in every thread it starts from then on, and runs
// `handler` for each of those signals on a thread of its own. Call it first thing in main. `handler` must be
// async-signal-safe all the same: threads that libraries started before main (OpenBLAS's) keep the signals
// unblocked and run it as an ordinary handler. Where there are no POSIX threads, the handler is installed as
// such.
void takeStopSignalsOnTheirOwnThread(void (*handler)(int));

} // namespace app
