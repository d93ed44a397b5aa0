#include "app/stopsignals.h"

#include <csignal>
#include <initializer_list>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define CYCLESTUDIO_SIGWAIT 1
#endif

namespace app {

void takeStopSignalsOnTheirOwnThread(void (*handler)(int))
{
#ifdef CYCLESTUDIO_SIGWAIT
    sigset_t stops;
    sigemptyset(&stops);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        std::signal(sig, handler); // for any thread that was there before the mask
        sigaddset(&stops, sig);
    }
    if (pthread_sigmask(SIG_BLOCK, &stops, nullptr) != 0)
        return; // the handlers above still take them
    std::thread([stops, handler] {
        for (;;) {
            int sig = 0;
            if (sigwait(&stops, &sig) == 0)
                handler(sig);
        }
    }).detach();
#else
    for (int sig : {SIGINT, SIGTERM})
        std::signal(sig, handler);
#endif
}

} // namespace app
