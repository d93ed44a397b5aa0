#pragma once
// WelcomeView: what the window shows when no project is open. Says what CycleStudio does in a sentence,
// offers New Project (the wizard), Try the Demo (opens the bundled demo and starts training), Open
// Project and Import Model, and lists recent projects with a thumbnail of each one's newest preview.
// "Reopen the last project when CycleStudio starts" is a setting kept here (QSettings). UI thread; owned
// by the main window.

#include <QWidget>

class QCheckBox;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace ui {

class WelcomeView : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomeView(QWidget *parent = nullptr);

    // Fills the recent list (folders that no longer exist are left out).
    void setRecentProjects(const QStringList &dirs);
    int recentCount() const;
    QListWidget *recentList() const { return m_recent; }

    // Whether the last project reopens on start (default: yes).
    static bool reopensLastProject();
    static void setReopensLastProject(bool reopen);

Q_SIGNALS:
    void newProjectRequested();
    void demoRequested(); // open the demo and start training
    void openProjectRequested(const QString &dir); // empty: ask for a folder
    void importModelRequested();

private:
    QPushButton *addChoice(const QString &name, const QString &text, const QString &tip);
    void openItem(QListWidgetItem *item);

    QListWidget *m_recent;
    QCheckBox *m_reopen;
};

// A project folder's newest saved preview (previews/preview_<iteration>.png), or an empty path.
QString newestPreview(const QString &projectDir);

} // namespace ui
