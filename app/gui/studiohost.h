#pragma once
// StudioHost: keeps the application's Studio and builds it again in another language when the user
// picks one in View → Language, without restarting the program: the catalogues (ours and Qt's) are
// installed, a new window is made, and the open project, the tab, the theme and the window's place
// come back. Widgets take their texts when they are made, so a new window is the one place where every
// text, tooltip and menu changes at once. UI thread; owned by main().

#include <QObject>
#include <QString>

#include <memory>

namespace app {

class Studio;

class StudioHost : public QObject
{
    Q_OBJECT

public:
    explicit StudioHost(QObject *parent = nullptr);
    ~StudioHost() override;

    Studio *studio() const { return m_studio.get(); }
    QString language() const { return m_language; }
    // Installs the language ("" : the saved choice or the system's) and builds the window in it.
    void start(const QString &language = QString());
    // The same with the window's state carried over (queued, so that the old window's handlers return first).
    void switchLanguage(const QString &language);

Q_SIGNALS:
    void studioReplaced(app::Studio *studio);

private:
    void build();

    std::unique_ptr<Studio> m_studio;
    QString m_language;
    bool m_unattended = false;
};

} // namespace app
