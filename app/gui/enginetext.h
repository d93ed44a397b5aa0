#pragma once
// The engine speaks English sentences (engine::Error, the trainer's status and warnings). The ones a user
// meets most — files that cannot be read, empty or missing folders, videos, exports, checkpoints — are
// translated here into the window's language: each is a template whose %1, %2… stand for the parts the
// engine fills in (names, numbers, the system's own reason, which stays as it is). A sentence that matches
// no template is shown as the engine wrote it.

#include <QString>

#include <string>

namespace app {

QString engineText(const std::string &sentence);

} // namespace app
