#pragma once
// DatasetDock: the dataset panel on the left of the main window. A two-domain project shows the panes
// Domain A and Domain B; a multi-domain project one pane per named domain, in tabs the user can add (+),
// rename (double-click) and close. Every pane shares the window's undo stack, the file types and the
// locked state while training. UI thread; owned by the main window.

#include "ui/types.h"

#include <QVector>
#include <QWidget>

class QTabWidget;
class QUndoStack;

namespace ui {

class DatasetPane;

class DatasetDock : public QWidget
{
    Q_OBJECT

public:
    DatasetDock(QUndoStack *undo, QWidget *parent = nullptr);

    DatasetPane *domainA() const { return m_domainA; }
    DatasetPane *domainB() const { return m_domainB; }
    // An empty list returns to the two panes A and B.
    void setDomainNames(const QStringList &names);
    bool isMultiDomain() const { return !m_domainPanes.isEmpty(); }
    QStringList domainNames() const;
    // The panes of the project's domains: A and B, or one per named domain.
    QVector<DatasetPane *> domainPanes() const;
    // Adds a named domain pane (no dialog); false with a message when the name is not usable.
    bool addDomain(const QString &name, QString *error = nullptr);
    bool renameDomain(int index, const QString &name, QString *error = nullptr);
    bool removeDomain(int index, QString *error = nullptr);
    void setFileTypes(const FileTypes &types);
    void setLocked(bool locked);

Q_SIGNALS:
    void domainsEdited(); // a domain was added, renamed or removed
    void domainPaneCreated(ui::DatasetPane *pane); // so the controller can connect and equip it
    void failed(const QString &message);

private:
    QString domainNameProblem(const QString &name, int except) const;
    void askAddDomain();
    void askRenameDomain(int index);
    void askRemoveDomain(int index);

    QUndoStack *m_undo;
    DatasetPane *m_domainA, *m_domainB;
    QVector<DatasetPane *> m_domainPanes; // multi-domain mode
    QTabWidget *m_domainTabs = nullptr;
    FileTypes m_fileTypes;
    bool m_loadingDomains = false, m_locked = false;
};

} // namespace ui
