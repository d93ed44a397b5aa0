#pragma once
// queueOn: runs `call(*worker)` on the worker's thread as a queued call. The caller captures the
// arguments by value at request time (the project folder included), so nothing is read across threads
// later.

#include <QMetaObject>

namespace app {

template<typename Worker, typename Call>
void queueOn(Worker *worker, Call call)
{
    QMetaObject::invokeMethod(worker, [worker, call] { call(*worker); }, Qt::QueuedConnection);
}

} // namespace app
