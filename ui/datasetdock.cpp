#include "ui/datasetdock.h"

#include "ui/datasetpane.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int kMaxDomains = 16;
} // namespace

DatasetDock::DatasetDock(QUndoStack *undo, QWidget *parent) : QWidget(parent), m_undo(undo)
{
    auto *layout = new QVBoxLayout(this);
    m_domainA = new DatasetPane(tr("Domain A"), this);
    m_domainB = new DatasetPane(tr("Domain B"), this);
    m_domainA->setUndoStack(m_undo);
    m_domainB->setUndoStack(m_undo);
    layout->addWidget(m_domainA);
    layout->addWidget(m_domainB);
    m_domainTabs = new QTabWidget(this);
    m_domainTabs->setObjectName(QStringLiteral("domainTabs"));
    m_domainTabs->setTabsClosable(true);
    m_domainTabs->setMovable(false); // the order is the label order of the trained model
    m_domainTabs->setToolTip(tr("Double-click a domain's tab to rename it"));
    auto *addDomainButton = new QToolButton(m_domainTabs);
    addDomainButton->setObjectName(QStringLiteral("addDomainButton"));
    addDomainButton->setText(QStringLiteral("+"));
    addDomainButton->setToolTip(tr("Add a domain"));
    m_domainTabs->setCornerWidget(addDomainButton, Qt::TopRightCorner);
    m_domainTabs->setVisible(false);
    layout->addWidget(m_domainTabs);
    connect(addDomainButton, &QToolButton::clicked, this, &DatasetDock::askAddDomain);
    connect(m_domainTabs->tabBar(), &QTabBar::tabBarDoubleClicked, this, &DatasetDock::askRenameDomain);
    connect(m_domainTabs, &QTabWidget::tabCloseRequested, this, &DatasetDock::askRemoveDomain);
}

void DatasetDock::askAddDomain()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add a domain"), tr("Name of the new domain:"), QLineEdit::Normal,
                                               tr("Domain %1").arg(m_domainPanes.size() + 1), &ok);
    QString error;
    if (ok && !addDomain(name.trimmed(), &error))
        Q_EMIT failed(error);
}

void DatasetDock::askRenameDomain(int index)
{
    if (index < 0 || m_locked)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename a domain"), tr("New name of “%1”:").arg(m_domainTabs->tabText(index)),
                                               QLineEdit::Normal, m_domainTabs->tabText(index), &ok);
    QString error;
    if (ok && !renameDomain(index, name.trimmed(), &error))
        Q_EMIT failed(error);
}

void DatasetDock::askRemoveDomain(int index)
{
    if (m_locked)
        return;
    const auto *pane = m_domainPanes.value(index);
    if (pane && !pane->sources().isEmpty() &&
        QMessageBox::question(this, tr("Remove a domain"),
                              tr("Remove the domain “%1” from the project? Its image files are not touched.").arg(pane->title())) !=
            QMessageBox::Yes)
        return;
    QString error;
    if (!removeDomain(index, &error))
        Q_EMIT failed(error);
}

void DatasetDock::setDomainNames(const QStringList &names)
{
    m_undo->clear(); // its steps refer to the panes being replaced
    qDeleteAll(m_domainPanes);
    m_domainPanes.clear();
    m_domainTabs->clear();
    m_loadingDomains = true;
    for (const auto &name : names)
        addDomain(name);
    m_loadingDomains = false;
    const bool multi = !names.isEmpty();
    m_domainTabs->setVisible(multi);
    m_domainA->setVisible(!multi);
    m_domainB->setVisible(!multi);
}

QStringList DatasetDock::domainNames() const
{
    QStringList names;
    for (const auto *pane : m_domainPanes)
        names << pane->title();
    return names;
}

QVector<DatasetPane *> DatasetDock::domainPanes() const
{
    return isMultiDomain() ? m_domainPanes : QVector<DatasetPane *>{m_domainA, m_domainB};
}

QString DatasetDock::domainNameProblem(const QString &name, int except) const
{
    if (name.isEmpty() || name.size() > 40)
        return tr("A domain name needs 1 to 40 characters.");
    if (name.contains(QLatin1Char(',')))
        return tr("A domain name may not contain commas.");
    for (int i = 0; i < m_domainPanes.size(); ++i)
        if (i != except && m_domainPanes[i]->title().compare(name, Qt::CaseInsensitive) == 0)
            return tr("There is already a domain called “%1”.").arg(name);
    return {};
}

bool DatasetDock::addDomain(const QString &name, QString *error)
{
    const QString problem = m_domainPanes.size() >= kMaxDomains ? tr("A project can have at most %1 domains.").arg(kMaxDomains)
                                                                 : domainNameProblem(name, -1);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    auto *pane = new DatasetPane(name, m_domainTabs);
    pane->setUndoStack(m_undo);
    pane->setFileTypes(m_fileTypes);
    pane->setLocked(m_locked);
    m_domainPanes << pane;
    m_domainTabs->addTab(pane, name);
    Q_EMIT domainPaneCreated(pane);
    if (!m_loadingDomains)
        Q_EMIT domainsEdited();
    return true;
}

bool DatasetDock::renameDomain(int index, const QString &name, QString *error)
{
    const QString problem = index < 0 || index >= m_domainPanes.size() ? tr("There is no such domain.") : domainNameProblem(name, index);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_domainPanes[index]->setTitle(name);
    m_domainTabs->setTabText(index, name);
    Q_EMIT domainsEdited();
    return true;
}

bool DatasetDock::removeDomain(int index, QString *error)
{
    if (index < 0 || index >= m_domainPanes.size() || m_domainPanes.size() <= 2) {
        if (error)
            *error = tr("A multi-domain project needs at least two domains.");
        return false;
    }
    m_undo->clear();
    delete m_domainPanes.takeAt(index); // also removes its tab
    Q_EMIT domainsEdited();
    return true;
}

void DatasetDock::setFileTypes(const FileTypes &types)
{
    m_fileTypes = types;
    for (auto *pane : {m_domainA, m_domainB})
        pane->setFileTypes(types);
    for (auto *pane : m_domainPanes)
        pane->setFileTypes(types);
}

void DatasetDock::setLocked(bool locked)
{
    m_locked = locked;
    m_domainA->setLocked(locked);
    m_domainB->setLocked(locked);
    for (auto *pane : m_domainPanes)
        pane->setLocked(locked);
    m_domainTabs->setTabsClosable(!locked);
    m_domainTabs->cornerWidget()->setEnabled(!locked);
}

} // namespace ui
