#include "app/gui/studiohost.h"

#include "app/gui/language.h"
#include "app/gui/studio.h"
#include "ui/mainwindow.h"

#include <QTabWidget>

namespace app {

StudioHost::StudioHost(QObject *parent) : QObject(parent) {}

StudioHost::~StudioHost() = default;

void StudioHost::start(const QString &language)
{
    m_language = installTranslations(language);
    build();
}

void StudioHost::build()
{
    m_studio = std::make_unique<Studio>();
    auto *window = m_studio->window();
    window->setLanguages(availableLanguages(), m_language);
    window->setUnattended(m_unattended);
    connect(m_studio.get(), &Studio::languageSwitchRequested, this, &StudioHost::switchLanguage, Qt::QueuedConnection);
}

void StudioHost::switchLanguage(const QString &language)
{
    if (!m_studio || m_studio->isTraining())
        return;
    auto *old = m_studio->window();
    const QString project = m_studio->projectDir();
    const int tab = old->tabs()->currentIndex();
    const QByteArray geometry = old->saveGeometry(), state = old->saveState();
    const bool visible = old->isVisible(), dark = old->isDarkTheme();
    m_unattended = old->isUnattended();
    // The new window is made (and shown) before the old one goes, so the application never has no window.
    std::unique_ptr<Studio> previous = std::move(m_studio);
    m_language = installTranslations(language);
    build();
    auto *window = m_studio->window();
    window->restoreGeometry(geometry);
    window->restoreState(state);
    window->setDarkTheme(dark);
    if (!project.isEmpty() && m_studio->openProject(project))
        window->tabs()->setCurrentIndex(tab);
    if (visible)
        window->show();
    previous.reset(); // its threads are idle: they quit and are joined here
    Q_EMIT studioReplaced(m_studio.get());
}

} // namespace app
