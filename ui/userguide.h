#pragma once
// UserGuide: Help → User Guide, offline. A window with the guide bundled into the program (qrc
// :/guide/<language>/index.html, with pictures), in the interface's language (English when the guide has
// none for it); F1 opens it at the topic of the current tab. UI thread; one per main window.

#include <QDialog>

class QTextBrowser;

namespace ui {

class UserGuide : public QDialog
{
    Q_OBJECT

public:
    explicit UserGuide(QWidget *parent = nullptr);

    // Shows the guide at a topic: "start", "train", "plots", "previews", "translate", "share", "trouble".
    void showTopic(const QString &topic);
    QString currentTopic() const;
    QTextBrowser *browser() const { return m_browser; }

    // The guide's page for a language ("zh_CN", "en"…): qrc:/guide/<language>/index.html, or English.
    static QUrl pageFor(const QString &language);

private:
    QTextBrowser *m_browser;
};

} // namespace ui
